using TlsNotebooks.Organisation;
using TlsNotebooks.X509;

namespace TlsNotebooks.Tests.MutualTls;

/// <summary>
/// One organisation (billing, inventory, reporting; billing may call inventory, reporting
/// may call billing) and one outsider, made once for all mutual-TLS tests, with every
/// caller of the rejection matrix. Nothing here changes after it is built.
/// </summary>
internal static class TestOrganisation
{
    private static readonly Lazy<Built> s_built = new(Build);

    public static Organisation.Organisation Org => s_built.Value.Org;

    public static Organisation.Organisation Outsider => s_built.Value.Outsider;

    /// <summary>The rejection matrix: each caller of inventory, by case name.</summary>
    public static IReadOnlyDictionary<string, ClientIdentity?> Callers => s_built.Value.Callers;

    /// <summary>PEM files of the organisation's trust and of each caller, for OpenSSL.</summary>
    public static TrustFiles Trust => s_built.Value.Trust;

    public static PemFiles Files(string caseName) => s_built.Value.Files[caseName];

    public static string Directory => s_built.Value.Directory;

    private static Built Build()
    {
        var org = Organisation.Organisation.Create("Example Ltd", "billing", "inventory",
            "reporting");
        org.Policy.Allow("billing", "inventory").Allow("reporting", "billing");
        var outsider = Organisation.Organisation.Create("Elsewhere Ltd", "billing");
        var revoked = org.IssueClient("billing");
        org.Revoke(revoked);
        var callers = new Dictionary<string, ClientIdentity?>
        {
            ["good"] = org["billing"].Client,
            ["none"] = null,
            ["other-ca"] = outsider["billing"].Client,
            ["expired"] = org.IssueClient("billing", CertificateFaults.Expired),
            ["revoked"] = revoked,
            ["server-only"] = org["billing"].ServerCertificateAsClient,
            ["stolen"] = org["billing"].Client.WithoutItsKey(),
            ["not-allowed"] = org["reporting"].Client,
        };

        var directory = Path.Combine(Path.GetTempPath(),
            "tlsnb-mtls-" + Guid.NewGuid().ToString("N"));

        // The files hold private keys: gone when the test run ends.
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                System.IO.Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
            }
        };
        var files = callers.Where(c => c.Value is not null)
            .ToDictionary(c => c.Key,
                c => c.Value!.WritePemFiles(Path.Combine(directory, c.Key)));
        files["inventory-server"] = org["inventory"].WriteServerPemFiles(directory);
        return new Built(org, outsider, callers, org.WriteTrustFiles(directory), files, directory);
    }

    private sealed record Built(
        Organisation.Organisation Org,
        Organisation.Organisation Outsider,
        IReadOnlyDictionary<string, ClientIdentity?> Callers,
        TrustFiles Trust,
        IReadOnlyDictionary<string, PemFiles> Files,
        string Directory);
}
