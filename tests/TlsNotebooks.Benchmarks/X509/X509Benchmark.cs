using System.Diagnostics;
using TlsNotebooks.X509;

namespace TlsNotebooks.Benchmarks.X509;

/// <summary>
/// Key generation, issuing and path validation, RSA-2048 against ECDSA P-256: why the tests
/// cache keys, and what one validation of root, intermediate and leaf costs.
/// </summary>
public sealed class X509Benchmark : IBenchmark
{
    public string Name => "x509";

    public string Description =>
        "key generation, issuing and path validation: RSA-2048 vs ECDSA P-256";

    public int Run(TextWriter output)
    {
        foreach (var algorithm in new[] { KeyAlgorithm.EcdsaP256, KeyAlgorithm.Rsa2048 })
        {
            var keys = Time(algorithm == KeyAlgorithm.Rsa2048 ? 5 : 50,
                () => CertificateKey.Generate(algorithm));
            output.WriteLine($"{algorithm,-10} key generation   {keys,10:F2} ms");

            var options = new IssueOptions { Key = CertificateKey.Generate(algorithm) };
            var root = CertificateAuthority.CreateRoot("Bench Root", options);
            var ica = root.IssueIntermediate("Bench CA", 0, options);
            var issue = Time(200, () => ica.IssueServer("bench.example.test"));
            output.WriteLine($"{algorithm,-10} issue a leaf     {issue,10:F3} ms");

            var leaf = ica.IssueServer("bench.example.test");
            var crl = ica.IssueCrl();
            var validation = new ValidationOptions
            {
                HostName = "bench.example.test",
                Crls = [crl, root.IssueCrl()],
            };
            var validate = Time(200, () =>
            {
                // A fresh validator and fresh parses, so no signature is cached.
                var anchor = Der.ReadCertificate(root.Certificate.GetEncoded());
                var intermediate = Der.ReadCertificate(ica.Certificate.GetEncoded());
                var end = Der.ReadCertificate(leaf.Certificate.GetEncoded());
                var result = new PathValidator([anchor]).Validate(end, [intermediate], validation);
                if (!result.IsValid)
                {
                    throw new InvalidOperationException(result.ToString());
                }
            });
            output.WriteLine($"{algorithm,-10} validate a chain {validate,10:F3} ms " +
                "(3 certificates, 2 CRLs)");
            var key = root.Certificate.GetPublicKey();
            var verify = Time(200, () => ica.Certificate.IsSignatureValid(key));
            output.WriteLine($"{algorithm,-10} verify signature {verify,10:F3} ms " +
                "(key already parsed)");
        }

        return 0;
    }

    private static double Time(int count, Action action)
    {
        action();
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            action();
        }

        return watch.Elapsed.TotalMilliseconds / count;
    }

    private static double Time<T>(int count, Func<T> action) =>
        Time(count, () => { _ = action(); });
}
