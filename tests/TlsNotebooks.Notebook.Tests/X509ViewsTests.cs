using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Plotly.NET;
using TlsNotebooks.Notebook.Exercises;
using TlsNotebooks.X509;

namespace TlsNotebooks.Notebook.Tests;

/// <summary>The pictures, tables and reports of notebooks 04 and 05, outside any kernel.</summary>
public class X509ViewsTests
{
    static X509ViewsTests() => FSharpCoreBinding.Install();

    private static readonly Lazy<(CertificateAuthority Root, CertificateAuthority Ica,
        IssuedCertificate Leaf)> s_pki = new(() =>
        {
            var root = CertificateAuthority.CreateRoot("Views Root <CA>");
            var ica = root.IssueIntermediate("Views Issuing CA", 0);
            return (root, ica, ica.IssueServer(X509Lesson.Host));
        });

    private static ValidationResult Validate(ValidationOptions? options = null)
    {
        var (root, ica, leaf) = s_pki.Value;
        return new PathValidator([root.Certificate]).Validate(leaf.Certificate, [ica.Certificate],
            options ?? new ValidationOptions { HostName = X509Lesson.Host });
    }

    [Fact]
    public void Der_UnderlinesExactlyTheTbsBytes_AndNamesEveryField()
    {
        var certificate = s_pki.Value.Leaf.Certificate;
        var layout = CertificateInspector.Layout(certificate);

        var html = X509Views.Der(certificate).Value!;

        // One underline in the legend, then one per signed byte.
        Assert.Equal(layout.TbsCertificate.Length + 1,
            Regex.Matches(html, "border-bottom:3px solid").Count);
        Assert.Equal(certificate.GetEncoded().Length,
            Regex.Matches(html, "title=\"[^\"]*, byte ").Count);
        foreach (var (name, _) in layout.TbsFields)
        {
            Assert.Contains(name + " ", html);
        }

        Assert.Contains("signatureValue", html);
    }

    [Fact]
    public void Der_OfBytesThatAreNotACertificate_IsRefused()
    {
        Assert.Throws<CertificateFormatException>(() => X509Views.Der([0x02, 0x01, 0x00]));
    }

    [Fact]
    public void EncodedMessage_ColoursThePkcs1Parts()
    {
        var check = SignatureWalkthrough.Verify(X509Lesson.RsaSignedLeaf.Certificate,
            X509Lesson.RsaRoot.Certificate);

        var html = X509Views.EncodedMessage(check.EncodedMessage!).Value!;

        Assert.True(check.IsValid);
        Assert.Contains("202 &#215; FF: padding", html);
        Assert.Contains("DigestInfo header", html);
        Assert.Contains(string.Join(" ", check.TbsHash[^4..].Select(b => b.ToString("x2"))), html);
    }

    [Fact]
    public void EncodedMessage_OfAPssEncoding_SaysThereIsNoStructure()
    {
        var em = X509Lesson.PssEncodedMessage(X509Lesson.RsaRoot.Key, [7]);

        var html = X509Views.EncodedMessage(em).Value!;

        Assert.Contains("no 00 01 FF", html);
        Assert.DoesNotContain("DigestInfo", html);
    }

    [Fact]
    public void Trace_DrawsOneBoxPerCertificate_AnchorFirst()
    {
        var html = X509Views.Trace(Validate()).Value!;

        Assert.Contains(">VALID<", html);
        var anchor = html.IndexOf("[2] trust anchor", StringComparison.Ordinal);
        var intermediate = html.IndexOf("[1] intermediate", StringComparison.Ordinal);
        var endEntity = html.IndexOf("[0] end-entity", StringComparison.Ordinal);
        Assert.True(anchor >= 0 && anchor < intermediate && intermediate < endEntity);
        Assert.DoesNotContain("✘", html);
        Assert.Contains("&lt;CA", html);
        Assert.DoesNotContain("<CA", html);
    }

    [Fact]
    public void Trace_MarksTheFailingCheck()
    {
        var result = Validate(new ValidationOptions { HostName = "bank.example" });

        var html = X509Views.Trace(result).Value!;

        Assert.Contains("INVALID: HostNameMismatch", html);
        Assert.Single(Regex.Matches(html, "✘"));
    }

    [Fact]
    public void Trace_OfAPathNeverBuilt_ShowsTheMissingIssuer()
    {
        var (root, _, leaf) = s_pki.Value;
        var result = new PathValidator([root.Certificate]).Validate(leaf.Certificate);

        var html = X509Views.Trace(result).Value!;

        Assert.Contains("no certificate found that issued", html);
        Assert.Contains("[0] end-entity", html);
        Assert.DoesNotContain("trust anchor ·", html);
    }

    [Fact]
    public void Verdict_AndVerdicts_NameTheFailureAndTheCertificate()
    {
        var expired = Validate(new ValidationOptions { Time = DateTimeOffset.UtcNow.AddYears(3) });

        var verdict = X509Views.Verdict(expired).Value!;
        var table = X509Views.Verdicts([("good", Validate()), ("expired", expired)]);

        Assert.Contains("INVALID: Expired", verdict);
        Assert.Contains("CN=www.example.test", verdict);
        Assert.Equal("valid", table["good"]);
        Assert.Equal("Expired", table["expired"]);
    }

    [Fact]
    public void Candidates_ListEveryPathTried_WithItsVerdict()
    {
        var root = CertificateAuthority.CreateRoot("Candidates Root");
        var ica = root.IssueIntermediate("Candidates CA", 0);
        var expired = root.IssueIntermediate("Candidates CA", 0,
            new IssueOptions { Key = ica.Key, Faults = CertificateFaults.Expired });
        var leaf = ica.IssueServer(X509Lesson.Host);

        var result = new PathValidator([root.Certificate]).Validate(leaf.Certificate,
            [expired.Certificate, ica.Certificate]);
        var table = X509Views.Candidates(result);

        Assert.True(result.IsValid);
        Assert.Equal(2, table.GetFields().Count);
        Assert.StartsWith("Expired", table.GetFields()[0].Note);
        Assert.Equal("valid", table.GetFields()[1].Note);
        Assert.Equal("www.example.test → Candidates CA → Candidates Root", table["path 2"]);
    }

    [Fact]
    public void Crl_ListsEveryEntryWithItsReason()
    {
        var root = CertificateAuthority.CreateRoot("CRL View Root");
        var leaf = root.IssueServer("a.example.test");
        root.Revoke(leaf.Certificate, RevocationReason.KeyCompromise);

        var table = X509Views.Crl(root.IssueCrl());

        Assert.Equal("1", table["revokedCertificates"]);
        Assert.Equal("1", table["cRLNumber"]);
        var serial = leaf.Certificate.SerialNumber.ToString(16);
        Assert.Contains("KeyCompromise", table["serial " + serial]);
    }

    [Fact]
    public void Fields_CarryANoteForTheMainFields()
    {
        var table = X509Views.Fields(s_pki.Value.Leaf.Certificate);

        Assert.Equal("CA: FALSE", table["basicConstraints (critical)"]);
        Assert.All(
            table.GetFields().Where(f => f.Name is "issuer" or "subject" or "keyUsage (critical)"),
            f => Assert.False(string.IsNullOrEmpty(f.Note)));
    }

    [Fact]
    public void Compare_ShadesOnlyTheRowsThatDiffer()
    {
        var leaf = s_pki.Value.Leaf.Certificate;

        var same = X509Views.Compare(("a", leaf), ("b", leaf)).Value!;
        var different = X509Views.Compare(("leaf", leaf), ("ca", s_pki.Value.Ica.Certificate))
            .Value!;

        Assert.DoesNotContain("#fff8e1", same);
        Assert.Contains("#fff8e1", different);
        Assert.Contains("subjectAltName", different);
    }

    [Fact]
    public void ValidityTimeline_DrawsABarPerCertificate_AndALinePerMoment()
    {
        var result = Validate();
        var now = DateTimeOffset.UtcNow;

        var chart = X509Charts.ValidityTimeline(result.Path, "timeline", ("now", now));

        var figure = JsonNode.Parse(GenericChart.toFigureJson(chart))!;
        var traces = figure["data"]!.AsArray();
        Assert.Equal(4, traces.Count);
        Assert.Equal("Views Issuing CA", traces[1]!["y"]![0]!.GetValue<string>());
        Assert.Equal("now", traces[3]!["name"]!.GetValue<string>());
        Assert.StartsWith(result.Path[0].NotBefore.ToUniversalTime().ToString("yyyy-MM-dd"),
            traces[0]!["x"]![0]!.ToString());
        Assert.Throws<ArgumentException>(() => X509Charts.ValidityTimeline([], "empty"));
    }

    [Fact]
    public void ByteBudget_PartsAddUpToTheDer_AndShowTheRsaSignatureAndKeySizes()
    {
        var rsaRoot = CertificateAuthority.CreateRoot("Budget RSA Root",
            new IssueOptions { KeyAlgorithm = KeyAlgorithm.Rsa2048 });
        var ecdsaLeaf = s_pki.Value.Leaf.Certificate;

        var rsa = X509Charts.BytesByPart(rsaRoot.Certificate)
            .ToDictionary(p => p.Part, p => p.Bytes);
        var ecdsa = X509Charts.BytesByPart(ecdsaLeaf).ToDictionary(p => p.Part, p => p.Bytes);

        Assert.Equal(rsaRoot.Certificate.GetEncoded().Length, rsa.Values.Sum());
        Assert.Equal(ecdsaLeaf.GetEncoded().Length, ecdsa.Values.Sum());
        Assert.All(rsa.Values.Concat(ecdsa.Values), bytes => Assert.True(bytes > 0));

        // A 2048-bit RSA signature is 256 bytes; its BIT STRING adds the tag, three length
        // bytes (82 01 01) and the unused-bits byte: 261. An ECDSA P-256 signature is two
        // integers of up to 33 bytes in a SEQUENCE, at most 72 bytes, plus the BIT STRING's 3.
        Assert.Equal(261, rsa["signature"]);
        Assert.InRange(ecdsa["signature"], 71, 75);
        Assert.Equal(294, rsa["public key"]);
        Assert.Equal(91, ecdsa["public key"]);

        var figure = JsonNode.Parse(GenericChart.toFigureJson(
            X509Charts.ByteBudget("budget", ("RSA root", rsaRoot.Certificate),
                ("leaf", ecdsaLeaf))))!;
        var traces = figure["data"]!.AsArray();
        Assert.Equal(5, traces.Count);
        Assert.Equal("stack", figure["layout"]!["barmode"]!.GetValue<string>());
        Assert.Throws<ArgumentException>(() => X509Charts.ByteBudget("empty"));
    }

    [Fact]
    public void DotNetChain_WithoutRevocation_AcceptsAGoodChain_AndRejectsAnUnknownRoot()
    {
        var (root, ica, leaf) = s_pki.Value;
        var other = CertificateAuthority.CreateRoot("Other Root");

        var good = DotNetChain.Build(root.Certificate, [ica.Certificate], leaf.Certificate,
            X509RevocationMode.NoCheck);
        var unknown = DotNetChain.Build(other.Certificate, [ica.Certificate], leaf.Certificate,
            X509RevocationMode.NoCheck);

        Assert.True(good.Built, good.ToString());
        Assert.Empty(good.Status);
        Assert.Equal(3, good.Elements.Count);
        Assert.False(unknown.Built);
        Assert.Contains("ChainStatus", unknown.ToString());
    }

    [Fact]
    public void DotNetChain_OfflineFirst_ThenOnline_SeesTheRevocation()
    {
        using var server = CrlServer.Start();
        var root = CertificateAuthority.CreateRoot("DotNetChain Root " + Guid.NewGuid());
        var ica = root.IssueIntermediate("DotNetChain CA " + Guid.NewGuid(), 0);
        ica.CrlDistributionPoint = server.UrlFor("ica.crl");
        var leaf = ica.IssueServer(X509Lesson.Host);
        ica.Revoke(leaf.Certificate, RevocationReason.KeyCompromise);
        server.Publish("ica.crl", ica.IssueCrl());

        var offline = DotNetChain.Build(root.Certificate, [ica.Certificate], leaf.Certificate,
            X509RevocationMode.Offline);
        var online = DotNetChain.Build(root.Certificate, [ica.Certificate], leaf.Certificate,
            X509RevocationMode.Online);

        Assert.True(offline.Has(X509ChainStatusFlags.RevocationStatusUnknown), offline.ToString());
        Assert.True(online.Has(X509ChainStatusFlags.Revoked), online.ToString());
        Assert.True(server.RequestCount >= 1);
    }

    [Fact]
    public void TrustStores_CountPemBlocks_AndDescribeTheMachine()
    {
        const string Block = "-----BEGIN CERTIFICATE-----\nAA==\n-----END CERTIFICATE-----\n";

        Assert.Equal(0, TrustStores.CountPem(""));
        Assert.Equal(2, TrustStores.CountPem(Block + "text between\n" + Block));
        Assert.Equal(3, TrustStores.Describe().GetFields().Count);
        Assert.Empty(TrustStores.LoadBundle("/nonexistent/bundle.pem"));
    }

    [Fact]
    public void TrustStores_LoadBundle_ReadsTheRootsOfAWrittenBundle()
    {
        var folder = Directory.CreateTempSubdirectory("tlsnb-bundle-").FullName;
        try
        {
            var path = Path.Combine(folder, "bundle.pem");
            File.WriteAllText(path, s_pki.Value.Root.Issued.ToPem() + "junk\n" +
                CertificateAuthority.CreateRoot("Second").Issued.ToPem());

            var roots = TrustStores.LoadBundle(path);

            Assert.Equal(2, roots.Count);
            Assert.Equal(s_pki.Value.Root.Certificate, roots[0]);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Formatters_SummariseACertificateInOneLine()
    {
        var summary = X509Formatters.Summary(s_pki.Value.Leaf.Certificate);

        Assert.Contains("CN=www.example.test, issued by CN=Views Issuing CA", summary);
        Assert.DoesNotContain("\n", summary);
    }
}
