using System.Security.Cryptography.X509Certificates;

namespace TlsNotebooks.Tls;

/// <summary>
/// Decides whether the server's chain is acceptable for the host name the client asked for.
/// Throws <see cref="TlsAlertException"/> with the alert to send when it is not.
/// </summary>
public interface IServerCertificateVerifier
{
    /// <param name="chain">The chain as the server sent it, its own certificate first.</param>
    /// <param name="hostName">The name the client connected to, or null to skip the check.</param>
    void VerifyServer(IReadOnlyList<X509Certificate2> chain, string? hostName);
}

/// <summary>
/// Decides whether a client's chain is acceptable (mutual TLS, RFC 5246 §7.4.6).
/// </summary>
public interface IClientCertificateVerifier
{
    void VerifyClient(IReadOnlyList<X509Certificate2> chain);
}

/// <summary>
/// The default verifier, on the runtime's X509Chain with a custom trust store: only the
/// roots given here are trusted, never the machine's. Checks the extended key usage
/// (serverAuth or clientAuth) and, for servers, the host name (RFC 6125 via
/// X509Certificate2.MatchesHostname). The project's own path validator can replace it
/// through the two interfaces.
/// </summary>
public sealed class X509ChainCertificateVerifier : IServerCertificateVerifier,
    IClientCertificateVerifier
{
    private const string ServerAuthOid = "1.3.6.1.5.5.7.3.1";
    private const string ClientAuthOid = "1.3.6.1.5.5.7.3.2";

    private readonly X509Certificate2Collection _roots;

    public X509ChainCertificateVerifier(params X509Certificate2[] trustedRoots)
    {
        _roots = new X509Certificate2Collection(trustedRoots);
    }

    /// <summary>The time to validate at; null for now.</summary>
    public DateTime? VerificationTime { get; init; }

    /// <summary>CRLs are not checked by this verifier; see the project's path validator.</summary>
    public void VerifyServer(IReadOnlyList<X509Certificate2> chain, string? hostName)
    {
        Validate(chain, ServerAuthOid, "server");
        if (hostName is not null && !chain[0].MatchesHostname(hostName))
        {
            throw new TlsAlertException(
                AlertDescription.BadCertificate,
                $"the server certificate ({chain[0].Subject}) is not valid for host "
                + $"\"{hostName}\" (RFC 6125 §6)");
        }
    }

    public void VerifyClient(IReadOnlyList<X509Certificate2> chain) =>
        Validate(chain, ClientAuthOid, "client");

    private void Validate(IReadOnlyList<X509Certificate2> chain, string purpose, string who)
    {
        if (chain.Count == 0)
        {
            throw new TlsAlertException(
                AlertDescription.BadCertificate, $"the {who} sent no certificate");
        }

        using var x509 = new X509Chain();
        x509.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        x509.ChainPolicy.CustomTrustStore.AddRange(_roots);
        x509.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        x509.ChainPolicy.ApplicationPolicy.Add(new System.Security.Cryptography.Oid(purpose));
        x509.ChainPolicy.DisableCertificateDownloads = true;
        if (VerificationTime is { } time)
        {
            x509.ChainPolicy.VerificationTime = time;
            x509.ChainPolicy.VerificationTimeIgnored = false;
        }

        for (var i = 1; i < chain.Count; i++)
        {
            x509.ChainPolicy.ExtraStore.Add(chain[i]);
        }

        bool built;
        try
        {
            built = x509.Build(chain[0]);
        }
        catch (System.Security.Cryptography.CryptographicException e)
        {
            throw new TlsAlertException(AlertDescription.BadCertificate,
                $"the {who} chain cannot be built: {e.Message}", e);
        }

        if (built)
        {
            return;
        }

        var flags = x509.ChainStatus.Aggregate(
            X509ChainStatusFlags.NoError, (all, s) => all | s.Status);
        var detail = string.Join("; ", x509.ChainStatus.Select(s => s.StatusInformation.Trim()));
        throw new TlsAlertException(
            AlertFor(flags), $"the {who} chain does not validate: {detail}");
    }

    /// <summary>
    /// RFC 5246 §7.2.2: the most specific alert for what the chain builder found.
    /// </summary>
    private static AlertDescription AlertFor(X509ChainStatusFlags flags)
    {
        if ((flags & (X509ChainStatusFlags.UntrustedRoot | X509ChainStatusFlags.PartialChain))
            != 0)
        {
            return AlertDescription.UnknownCa;
        }

        if ((flags & X509ChainStatusFlags.NotTimeValid) != 0)
        {
            return AlertDescription.CertificateExpired;
        }

        if ((flags & X509ChainStatusFlags.Revoked) != 0)
        {
            return AlertDescription.CertificateRevoked;
        }

        if ((flags & X509ChainStatusFlags.NotValidForUsage) != 0)
        {
            return AlertDescription.UnsupportedCertificate;
        }

        return AlertDescription.BadCertificate;
    }
}

/// <summary>
/// Accepts every certificate. Only for experiments that need to watch a handshake with an
/// unverified peer (the man-in-the-middle lesson); named so that nobody uses it by accident.
/// </summary>
public sealed class InsecureAcceptAnyCertificate : IServerCertificateVerifier,
    IClientCertificateVerifier
{
    public void VerifyServer(IReadOnlyList<X509Certificate2> chain, string? hostName)
    {
    }

    public void VerifyClient(IReadOnlyList<X509Certificate2> chain)
    {
    }
}

/// <summary>
/// A certificate with its RSA private key, and the intermediates to send with it.
/// </summary>
public sealed class TlsCredential
{
    public TlsCredential(X509Certificate2 certificate, params X509Certificate2[] intermediates)
    {
        if (certificate.GetRSAPrivateKey() is null)
        {
            throw new ArgumentException(
                "the certificate needs an RSA private key: every suite here signs with RSA",
                nameof(certificate));
        }

        Certificate = certificate;
        Intermediates = intermediates;
    }

    public X509Certificate2 Certificate { get; }

    public IReadOnlyList<X509Certificate2> Intermediates { get; }

    /// <summary>Loads a PEM certificate and key, plus optional PEM intermediates.</summary>
    public static TlsCredential FromPemFiles(string certificatePem, string keyPem,
        params string[] intermediatePems)
    {
        var certificate = X509Certificate2.CreateFromPemFile(certificatePem, keyPem);
        var intermediates = intermediatePems
            .SelectMany(p =>
            {
                var collection = new X509Certificate2Collection();
                collection.ImportFromPemFile(p);
                return collection.Cast<X509Certificate2>();
            })
            .ToArray();
        return new TlsCredential(certificate, intermediates);
    }

    internal IEnumerable<X509Certificate2> Chain => [Certificate, .. Intermediates];
}
