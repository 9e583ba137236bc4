using System.Net;
using System.Text;
using System.Text.Json;
using TlsNotebooks.Http;
using TlsNotebooks.Notebook.Exercises;
using TlsNotebooks.Notebook.WhyTls;
using TlsNotebooks.Relay;

namespace TlsNotebooks.Notebook.Tests;

/// <summary>
/// Notebook 01's exercises (a right answer passes; typical wrong ones get their hint and never
/// the answer) and its demo helpers outside the kernel.
/// </summary>
public class WhyTlsTests
{
    private static string Password()
    {
        var text = Encoding.ASCII.GetString(WhyTlsLesson.Capture);
        return LoopbackHttpServer.ParseForm(text[(text.IndexOf("\r\n\r\n") + 4)..])["password"];
    }

    [Fact]
    public void Exercise_01_1_accepts_the_decoded_password()
    {
        Assert.True(Check.Answer("01.1", Password()).Passed);
    }

    [Theory]
    [InlineData("encoded", "still URL-encoded")]
    [InlineData("bob", "user name")]
    [InlineData("padded", "white space")]
    [InlineData("field", "field syntax")]
    [InlineData("hunter2", "not the password")]
    public void Exercise_01_1_explains_wrong_answers_without_the_answer(string kind,
        string expected)
    {
        var password = Password();
        var answer = kind switch
        {
            "encoded" => WebUtility.UrlEncode(password),
            "padded" => " " + password,
            "field" => "password=" + password.Replace("&", "x").Replace(" ", "y"),
            _ => kind,
        };

        var result = Check.Answer("01.1", answer);

        Assert.False(result.Passed);
        Assert.Contains(expected, result.Message);
        Assert.DoesNotContain(password, result.Message);
        Assert.DoesNotContain(WebUtility.UrlEncode(password), result.Message);
    }

    [Fact]
    public void Exercise_01_2_knows_the_version_from_the_records_and_the_ServerHello()
    {
        // The flight's ServerHello names its version in supported_versions (RFC 8446 §4.2.1),
        // and the records after it are application_data: read both ways, it is the same.
        var types = RecordTypes(WhyTlsLesson.MysteryFlight);
        var version = types.Skip(1).Contains((byte)22) ? "1.2" : "1.3";

        Assert.True(Check.Answer("01.2", version).Passed);
        Assert.True(Check.Answer("01.2", "TLS " + version).Passed);
        var wrong = Check.Answer("01.2", version == "1.3" ? "1.2" : "1.3");
        Assert.False(wrong.Passed);
        Assert.DoesNotContain(version, wrong.Message);
        Assert.Contains("\"1.2\" or \"1.3\"", Check.Answer("01.2", "SSL").Message);
    }

    [Fact]
    public void Exercise_01_3_counts_readable_records_and_explains_two_typical_slips()
    {
        var types = RecordTypes(WhyTlsLesson.MysteryFlight);
        var readable = types.Count(t => t is 20 or 21 or 22);

        Assert.True(Check.Answer("01.3", readable).Passed);
        var all = Check.Answer("01.3", types.Count);
        Assert.Contains("every record", all.Message);
        Assert.Contains("one-byte record", Check.Answer("01.3", readable - 1).Message);
        Assert.DoesNotMatch($@"\b{readable}\b", Check.Answer("01.3", 40).Message);
        Assert.DoesNotMatch($@"\b{readable}\b", all.Message);
    }

    [Fact]
    public void The_demo_bank_believes_what_the_relay_delivers()
    {
        using var bank = DemoBank.Start();
        var attacker = new TextReplacer("to=bob&amount=10", "to=eve&amount=99",
            RelayDirection.ClientToServer);
        using var relay = OnPathRelay.Start(bank.Port, new RelayOptions { Editor = attacker });
        using var client = LoopbackHttpClient.Create(relay.Port);

        var login = client.PostForm("/login", ("user", DemoBank.User),
            ("password", DemoBank.Password));
        var reply = client.PostForm("/transfer", ("to", "bob"), ("amount", "10"));

        Assert.Contains("Welcome, alice", login);
        Assert.Equal("Sent 99 EUR to eve.", reply);
        Assert.Equal(new Booking("alice", "eve", 99), Assert.Single(bank.Bookings));
        Assert.StartsWith("403", client.PostForm("/login", ("user", "alice"), ("password", "x")));
    }

    [Fact]
    public void Byte_statistics_tell_html_from_random_bytes()
    {
        var html = Encoding.UTF8.GetBytes(DemoBank.AccountPage("alice"));
        var random = new byte[html.Length];
        new Random(1).NextBytes(random);

        Assert.InRange(ByteView.Entropy(html), 3.5, 5.5);
        Assert.InRange(ByteView.Entropy(random), 7.8, 8.0);
        var everyValue = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        Assert.Equal(8.0, ByteView.Entropy(everyValue), precision: 10);
        Assert.Equal(0.0, ByteView.Entropy(new byte[100]));
        Assert.Equal(html.Length, ByteView.Counts(html).Sum());
        Assert.Equal("ab.\nc", ByteView.Text([(byte)'a', (byte)'b', 0, (byte)'\r', (byte)'\n',
            (byte)'c']));
        Assert.StartsWith("0000  61 62", ByteView.Dump("ab"u8.ToArray()));
    }

    [Fact]
    public void Byte_histograms_are_two_panels_of_shares_on_one_scale()
    {
        var html = Encoding.UTF8.GetBytes(DemoBank.AccountPage("alice"));
        var random = new byte[3 * html.Length];
        new Random(2).NextBytes(random);

        var chart = ByteView.Histograms("bytes", ("plain HTTP", html), ("TLS", random));
        using var figure = JsonDocument.Parse(Plotly.NET.GenericChart.toFigureJson(chart));

        var traces = figure.RootElement.GetProperty("data").EnumerateArray().ToList();
        Assert.Equal(["plain HTTP", "TLS"], traces.Select(t => t.GetProperty("name").GetString()));
        Assert.All(traces, t => Assert.Equal("bar", t.GetProperty("type").GetString()));
        var shares = traces.Select(t => t.GetProperty("y").EnumerateArray()
            .Select(v => v.GetDouble()).ToArray()).ToList();
        Assert.All(shares, s => Assert.Equal(256, s.Length));
        Assert.All(shares, s => Assert.Equal(100.0, s.Sum(), precision: 6));
        Assert.Equal(100.0 * html.Count(b => b == (byte)'<') / html.Length, shares[0]['<'],
            precision: 9);

        // Side by side: the second capture on axes of its own, with the same vertical range.
        Assert.Equal("x2", traces[1].GetProperty("xaxis").GetString());
        var layout = figure.RootElement.GetProperty("layout");
        Assert.Equal(layout.GetProperty("yaxis").GetProperty("range").ToString(),
            layout.GetProperty("yaxis2").GetProperty("range").ToString());
        Assert.True(shares.Max(s => s.Max()) <= layout.GetProperty("yaxis").GetProperty("range")[1]
            .GetDouble());
    }

    [Fact]
    public void Tls_logins_through_the_relay_hide_the_password_and_refuse_a_flipped_bit()
    {
        using var pki = DemoPki.Create();

        var ours = SecureLogin.WithOurTls(pki);
        var flipped = SecureLogin.WithOurTls(pki,
            new RecordBitFlipper(RelayDirection.ClientToServer, 23));
        var dotnet = SecureLogin.WithSslStream(pki);

        Assert.Contains("password=correct+horse", ours.ServerGot);
        Assert.Contains("Welcome, alice", ours.ClientGot);
        Assert.False(ours.PasswordVisible);
        Assert.StartsWith("CLIENT_RANDOM ", ours.KeyLogLine);
        Assert.Null(flipped.ServerGot);
        Assert.Contains("bad_record_mac", flipped.ServerError);
        Assert.Contains("bad_record_mac", flipped.ClientError);
        Assert.Contains("password=correct+horse", dotnet.ServerGot);
        Assert.False(dotnet.PasswordVisible);
    }

    [Fact]
    public void Sslstream_refuses_the_request_record_with_a_flipped_bit()
    {
        using var pki = DemoPki.Create();

        // In TLS 1.3 the client's Finished is the first application_data record it sends,
        // the request the second (RFC 8446 §5.2).
        var flipper = new RecordBitFlipper(RelayDirection.ClientToServer, 23, occurrence: 2);
        var flipped = SecureLogin.WithSslStream(pki, flipper);

        Assert.Equal("SslStream (Tls13)", flipped.Stack);
        Assert.True(flipper.Flipped);
        Assert.Null(flipped.ServerGot);
        Assert.Contains("bad record mac", flipped.ServerError);
        Assert.DoesNotContain("Welcome", flipped.ClientGot ?? string.Empty);
        Assert.Single(flipped.Relay.Chunks, c => c.Modified);
    }

    [Fact]
    public void OpenSsl_observations_show_what_each_version_hides()
    {
        using var pki = DemoPki.Create();

        var v12 = VersionProbe.Observe(pki, "1.2");
        var v13 = VersionProbe.Observe(pki, "1.3");

        Assert.Equal("TLS 1.2", v12.Version);
        Assert.Equal("TLS 1.3", v13.Version);
        Assert.Equal(2, v12.RoundTrips);
        Assert.Equal(1, v13.RoundTrips);
        Assert.True(v12.CertificateVisible);
        Assert.False(v13.CertificateVisible);
        Assert.Contains("Certificate", v12.ReadableMessages);
        Assert.DoesNotContain("Certificate", v13.ReadableMessages);
        Assert.Contains("s_server", v12.Page);
        var table = VersionProbe.Compare(v12, v13).ToString()!;
        Assert.Contains("no (encrypted)", table);
    }

    [Fact]
    public void A_missing_tshark_is_reported_as_null_not_as_an_error()
    {
        Assert.Null(Tshark.Run("tshark-that-is-not-installed", "-v"));
    }

    private static List<byte> RecordTypes(byte[] flight)
    {
        var types = new List<byte>();
        for (var at = 0; at + 5 <= flight.Length;)
        {
            types.Add(flight[at]);
            at += 5 + ((flight[at + 3] << 8) | flight[at + 4]);
        }

        return types;
    }
}
