using System.Text.Encodings.Web;
using TlsNotebooks.Notebook.Exercises;
using TlsNotebooks.Notebook.MutualTls;
using TlsNotebooks.Organisation;
using TlsNotebooks.Tls;

namespace TlsNotebooks.Notebook.Tests;

/// <summary>Notebook 06's exercise checks and helpers, outside any kernel.</summary>
public class MutualTlsLessonTests
{
    private static readonly AlertDescription[] s_right =
    [
        AlertDescription.AccessDenied, AlertDescription.DecryptError,
        AlertDescription.UnknownCa, AlertDescription.UnsupportedCertificate,
    ];

    private static readonly string[] s_signed =
    [
        "ClientHello", "ServerHello", "Certificate", "ServerKeyExchange", "CertificateRequest",
        "ServerHelloDone", "Certificate", "ClientKeyExchange",
    ];

    private static readonly Lazy<(Organisation.Organisation Org, Organisation.Organisation Other)>
        s_orgs = new(() =>
        {
            var org = Organisation.Organisation.Create("Lesson Ltd", "billing", "inventory",
                "reporting");
            org.Policy.Allow("billing", "inventory").Allow("reporting", "billing");
            return (org, Organisation.Organisation.Create("Elsewhere Ltd", "billing"));
        });

    [Fact]
    public void Exercise_06_3_accepts_the_right_alerts()
    {
        Assert.True(Check.Answer("06.3", s_right).Passed);
    }

    [Fact]
    public void Exercise_06_3_answer_is_what_the_service_really_sends()
    {
        var (org, other) = s_orgs.Value;
        using var billing = org.Start("billing");

        var alerts = MutualTlsLesson.MysteryCallers(org, other)
            .Select(caller => org.Call(caller, billing).Alert).ToArray();

        Assert.Equal(s_right.Cast<AlertDescription?>(), alerts);
    }

    [Theory]
    [InlineData(new[] { AlertDescription.HandshakeFailure, AlertDescription.HandshakeFailure,
        AlertDescription.HandshakeFailure, AlertDescription.HandshakeFailure }, "4 of 4")]
    [InlineData(new[] { AlertDescription.AccessDenied, AlertDescription.DecryptError,
        AlertDescription.UnknownCa, AlertDescription.BadCertificate }, "catch-all")]
    [InlineData(new[] { AlertDescription.AccessDenied }, "4 callers")]
    public void Exercise_06_3_wrong_answers_get_a_hint_without_the_answer(
        AlertDescription[] answer,
        string expected)
    {
        var result = Check.Answer("06.3", answer);

        Assert.False(result.Passed);
        Assert.Contains(expected, result.ToString());
        Assert.DoesNotContain("unsupported_certificate", result.ToString());
    }

    [Fact]
    public void Exercise_06_3_swapped_alerts_name_the_first_wrong_caller()
    {
        var result = Check.Answer("06.3", new[]
        {
            AlertDescription.DecryptError, AlertDescription.AccessDenied,
            AlertDescription.UnknownCa, AlertDescription.UnsupportedCertificate,
        });

        Assert.False(result.Passed);
        Assert.Contains("2 of 4", result.ToString());
        Assert.Contains("Caller 1", result.ToString());
        Assert.DoesNotContain("access_denied", result.ToString());
    }

    [Fact]
    public void Exercise_06_1_accepts_the_signed_messages()
    {
        Assert.True(Check.Answer("06.1", s_signed).Passed);
    }

    [Theory]
    [InlineData("cannot cover itself", "ClientHello", "ServerHello", "Certificate",
        "ServerKeyExchange", "CertificateRequest", "ServerHelloDone", "Certificate",
        "ClientKeyExchange", "CertificateVerify")]
    [InlineData("look at who sends each", "ClientHello", "ServerHello", "ServerKeyExchange",
        "CertificateRequest", "ServerHelloDone", "Certificate", "ClientKeyExchange")]
    [InlineData("wrong order", "ClientHello", "ServerHello", "Certificate",
        "ServerKeyExchange", "CertificateRequest", "ServerHelloDone", "ClientKeyExchange",
        "Certificate")]
    [InlineData("come after", "ClientHello", "ServerHello", "Certificate",
        "ServerKeyExchange", "CertificateRequest", "ServerHelloDone", "Certificate",
        "ClientKeyExchange", "Finished")]
    public void Exercise_06_1_wrong_answers_get_a_hint(string expected, params string[] answer)
    {
        var result = Check.Answer("06.1", answer);

        Assert.False(result.Passed);
        Assert.Contains(expected, result.ToString());
        Assert.DoesNotContain(string.Join(", ", s_signed), result.ToString());
    }

    [Fact]
    public void Exercise_06_2_accepts_the_policy_of_the_rule()
    {
        var policy = new AccessPolicy().Allow("reporting", "billing")
            .Allow("reporting", "inventory").Allow("billing", "inventory");

        Assert.True(Check.Answer("06.2", policy).Passed);
    }

    [Fact]
    public void Exercise_06_2_refuses_too_much_and_too_little()
    {
        var everything = new AccessPolicy();
        foreach (var caller in MutualTlsLesson.Services)
        {
            foreach (var service in MutualTlsLesson.Services)
            {
                everything.Allow(caller, service);
            }
        }

        var tooMuch = Check.Answer("06.2", everything);
        var nothing = Check.Answer("06.2", new AccessPolicy());

        Assert.False(tooMuch.Passed);
        Assert.Contains("which the rule does not allow", tooMuch.ToString());
        Assert.False(nothing.Passed);
        Assert.Contains("refuses 3 call(s)", nothing.ToString());
    }

    [Fact]
    public void Sequence_diagram_highlights_the_three_client_authentication_messages()
    {
        var (org, _) = s_orgs.Value;
        using var inventory = org.Start("inventory");
        var call = org.Call(org["billing"].Client, inventory);

        var diagram = HandshakeSequence.Of(call.ClientTranscript, "billing", "inventory");
        var text = diagram.ToString();
        var html = new StringWriter();
        diagram.WriteTo(html, HtmlEncoder.Default);

        var highlighted = text.Split('\n').Where(l => l.Contains("*client authentication*"))
            .ToList();
        Assert.Equal(3, highlighted.Count);
        Assert.Contains("inventory -> billing: CertificateRequest", highlighted[0]);
        Assert.Contains("billing -> inventory: CertificateVerify", highlighted[2]);
        Assert.StartsWith("<svg", html.ToString());
        Assert.Equal(3, html.ToString().Split("#fdebd0").Length - 1);
    }

    [Fact]
    public void Rejection_table_shows_alert_and_sender()
    {
        var (org, _) = s_orgs.Value;
        using var inventory = org.Start("inventory");
        var refused = org.Call(org["reporting"].Client, inventory);

        var table = RejectionTable.Of(("reporting", refused));
        var html = new StringWriter();
        table.WriteTo(html, HtmlEncoder.Default);

        Assert.Contains("access_denied (49)", html.ToString());
        Assert.Contains("refused: access_denied", table.ToString());
    }

    [Fact]
    public void Checks_table_shows_the_failed_revocation_row()
    {
        var org = Organisation.Organisation.Create("Table Ltd", "billing", "inventory");
        org.Policy.Allow("billing", "inventory");
        using var inventory = org.Start("inventory");
        var lost = org.IssueClient("billing");
        org.Revoke(lost);
        org.Call(lost, inventory);

        var table = MutualTlsTables.Checks(inventory.Verifier.LastResult!, position: 0);
        var certificate = MutualTlsTables.Certificate(lost.Issued);

        Assert.StartsWith("INVALID", table.TableTitle);
        Assert.Equal("FAIL", table.GetFields().Single(f => f.Name == "revocation").Value);
        Assert.Contains(certificate.GetFields(), f => f.Value == "clientAuth");
    }

    [Fact]
    public void Client_authentication_costs_bytes()
    {
        var (org, _) = s_orgs.Value;

        var cost = MutualTlsLab.MeasureClientAuthentication(org, org["billing"].Client,
            "inventory", runs: 2);

        // The client's chain and CertificateVerify, at least: two certificates and a
        // 256-byte signature.
        Assert.True(cost.BytesWith - cost.BytesWithout > 1500, cost.ToString());
        Assert.Equal(2, cost.MillisecondsWith.Count);
        Assert.All(cost.MillisecondsWithout, ms => Assert.True(ms > 0));
    }

    [Fact]
    public void Bearer_token_opens_the_door_to_whoever_holds_it()
    {
        var (org, _) = s_orgs.Value;
        using var service = BearerTokenService.Start(org["inventory"], "secret-1");

        Assert.StartsWith("HTTP/1.0 200", service.Get("secret-1", org.ServerVerifier()));
        Assert.StartsWith("HTTP/1.0 401", service.Get("secret-2", org.ServerVerifier()));
        Assert.StartsWith("HTTP/1.0 401", service.Get(null, org.ServerVerifier()));
    }
}
