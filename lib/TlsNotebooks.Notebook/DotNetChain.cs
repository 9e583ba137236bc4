using System.Diagnostics;
using System.Security.Cryptography.X509Certificates;
using TlsNotebooks.Presentation;
using BcCertificate = Org.BouncyCastle.X509.X509Certificate;

namespace TlsNotebooks.Notebook;

/// <summary>
/// What .NET's own validator, <see cref="X509Chain"/>, says about a chain: the same question
/// our <c>PathValidator</c> answers, asked of the platform (OpenSSL underneath on Linux).
/// </summary>
public static class DotNetChain
{
    /// <summary>
    /// Builds the chain of <paramref name="leaf"/> with <paramref name="root"/> as the only
    /// trusted root (the machine's store is not used) and the given revocation mode. By
    /// default only the end-entity's revocation is asked about (<paramref name="scope"/>).
    /// </summary>
    public static DotNetChainReport Build(
        BcCertificate root,
        IEnumerable<BcCertificate> intermediates,
        BcCertificate leaf,
        X509RevocationMode revocation,
        TimeSpan? urlTimeout = null,
        DateTimeOffset? time = null,
        X509RevocationFlag scope = X509RevocationFlag.EndCertificateOnly)
    {
        using var chain = new X509Chain();
        var policy = chain.ChainPolicy;
        policy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        policy.CustomTrustStore.Add(Load(root));
        foreach (var intermediate in intermediates)
        {
            policy.ExtraStore.Add(Load(intermediate));
        }

        policy.RevocationMode = revocation;
        policy.RevocationFlag = scope;
        policy.UrlRetrievalTimeout = urlTimeout ?? TimeSpan.FromSeconds(5);
        if (time is { } at)
        {
            policy.VerificationTime = at.UtcDateTime;
        }

        var stopwatch = Stopwatch.StartNew();
        using var certificate = Load(leaf);
        var built = chain.Build(certificate);
        stopwatch.Stop();
        var elements = chain.ChainElements
            .Select(e => (e.Certificate.Subject, Flags(e.ChainElementStatus)))
            .ToList();
        return new DotNetChainReport(revocation, built,
            chain.ChainStatus.Select(s => s.Status).ToList(), elements, stopwatch.Elapsed);
    }

    private static X509Certificate2 Load(BcCertificate certificate) =>
        X509CertificateLoader.LoadCertificate(certificate.GetEncoded());

    internal static string Flags(IEnumerable<X509ChainStatus> statuses)
    {
        var list = statuses.Select(s => s.Status.ToString()).ToList();
        return list.Count == 0 ? "no errors" : string.Join(", ", list);
    }
}

/// <summary>The outcome of <see cref="DotNetChain.Build"/>, as a table.</summary>
public sealed record DotNetChainReport(
    X509RevocationMode Mode,
    bool Built,
    IReadOnlyList<X509ChainStatusFlags> Status,
    IReadOnlyList<(string Subject, string Status)> Elements,
    TimeSpan Elapsed) : IFieldTable
{
    public string TableTitle => $"X509Chain, RevocationMode.{Mode}";

    /// <summary>True when the chain's status includes <paramref name="flag"/>.</summary>
    public bool Has(X509ChainStatusFlags flag) => Status.Contains(flag);

    public IReadOnlyList<Field> GetFields()
    {
        var fields = new List<Field>
        {
            new("Build() returned", Built.ToString(), Built ? "the chain is accepted" : "rejected"),
            new("ChainStatus", Status.Count == 0 ? "no errors" : string.Join(", ", Status)),
            new("time taken", $"{Elapsed.TotalMilliseconds:0} ms"),
        };
        fields.AddRange(Elements.Select((e, i) => new Field($"element {i}", e.Status, e.Subject)));
        return fields;
    }

    public override string ToString() => Html.PlainTable(this);
}
