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
            var openssl = OpenSslVerify(root, ica, leaf, validation.Crls);
            output.WriteLine(openssl is { } ms
                ? $"{algorithm,-10} openssl verify   {ms,10:F3} ms " +
                  "(same chain and CRLs, -crl_check_all; one process each, start-up included)"
                : $"{algorithm,-10} openssl verify: not available");
            var key = root.Certificate.GetPublicKey();
            var verify = Time(200, () => ica.Certificate.IsSignatureValid(key));
            output.WriteLine($"{algorithm,-10} verify signature {verify,10:F3} ms " +
                "(key already parsed)");
        }

        Hydra(output);
        return 0;
    }

    // The hostile case the work bound exists for: CAs that share one name and certify each
    // other, offered with no way to a trust anchor. Path building must stop at its bound.
    private static void Hydra(TextWriter output)
    {
        var heads = Enumerable.Range(0, 6)
            .Select(_ => CertificateAuthority.CreateRoot("Hydra"))
            .ToList();
        var pool = heads.SelectMany(issuer => heads.Where(h => h != issuer)
                .Select(subject => issuer.IssueIntermediate("Hydra", null,
                    new IssueOptions { Key = subject.Key }).Certificate))
            .ToList();
        var leaf = heads[0].IssueServer("bench.example.test");
        var stranger = CertificateAuthority.CreateRoot("Stranger");
        var options = new ValidationOptions { HostName = "bench.example.test" };
        ValidationResult? result = null;
        var ms = Time(5, () =>
        {
            var fresh = pool.Select(c => Der.ReadCertificate(c.GetEncoded())).ToList();
            result = new PathValidator([stranger.Certificate]).Validate(
                Der.ReadCertificate(leaf.Certificate.GetEncoded()), fresh, options);
        });
        output.WriteLine($"hydra: 6 same-named CAs, {pool.Count} cross-certificates, no anchor: " +
            $"{result!.Failure} after {result.BuildSteps} build steps and " +
            $"{result.Candidates.Count} candidate paths, {ms:F1} ms");
    }

    private static double? OpenSslVerify(
        CertificateAuthority root,
        CertificateAuthority ica,
        IssuedCertificate leaf,
        IReadOnlyList<Org.BouncyCastle.X509.X509Crl> crls)
    {
        var folder = Directory.CreateTempSubdirectory("tlsnb-bench-x509-").FullName;
        try
        {
            string Write(string name, string text)
            {
                var path = Path.Combine(folder, name);
                File.WriteAllText(path, text);
                return path;
            }

            var arguments = new[]
            {
                "verify", "-crl_check_all",
                "-CAfile", Write("root.pem", Pem.WriteCertificate(root.Certificate)),
                "-untrusted", Write("ica.pem", Pem.WriteCertificate(ica.Certificate)),
                "-CRLfile", Write("crls.pem", string.Concat(crls.Select(Pem.WriteCrl))),
                "-verify_hostname", "bench.example.test",
                Write("leaf.pem", Pem.WriteCertificate(leaf.Certificate)),
            };
            var failed = false;
            var ms = Time(20, () =>
            {
                var start = new ProcessStartInfo("openssl")
                {
                    RedirectStandardOutput = true,
                    RedirectStandardError = true,
                };
                foreach (var argument in arguments)
                {
                    start.ArgumentList.Add(argument);
                }

                using var process = Process.Start(start)!;
                process.StandardOutput.ReadToEnd();
                process.StandardError.ReadToEnd();
                process.WaitForExit();
                failed |= process.ExitCode != 0;
            });
            return failed ? null : ms;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
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
