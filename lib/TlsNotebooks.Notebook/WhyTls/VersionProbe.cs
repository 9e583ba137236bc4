using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
using Microsoft.AspNetCore.Html;
using Plotly.NET;
using TlsNotebooks.Presentation;
using TlsNotebooks.Relay;

namespace TlsNotebooks.Notebook.WhyTls;

/// <summary>
/// One TLS connection between .NET's SslStream (client) and OpenSSL's s_server, through the
/// relay, seen by the eavesdropper: every record, which of them are readable, and what the
/// handshake cost before the client could send its request.
/// </summary>
public sealed class HandshakeObservation : IFieldTable
{
    internal HandshakeObservation(OnPathRelay relay, TimeSpan clientWrites,
        byte[] certificate, string page)
    {
        Relay = relay;
        Records = WireRecords.Of(relay.Connections.Single());
        Version = WireRecords.NegotiatedVersion(Records);
        RoundTrips = WireRecords.RoundTripsBefore(Records, clientWrites);
        var handshake = Records.Where(r => r.At < clientWrites).ToList();
        HandshakeFlights = WireRecords.Flights(Records, clientWrites);
        HandshakeBytesUp = handshake.Where(r => r.Direction == RelayDirection.ClientToServer)
            .Sum(r => r.Length);
        HandshakeBytesDown = handshake.Where(r => r.Direction == RelayDirection.ServerToClient)
            .Sum(r => r.Length);
        CertificateVisible = relay.Captured(RelayDirection.ServerToClient).AsSpan()
            .IndexOf(certificate) >= 0;
        ServerNameVisible = ByteView.Contains(relay.Captured(RelayDirection.ClientToServer),
            "localhost");
        Page = page;
    }

    /// <summary>"TLS 1.2" or "TLS 1.3", read from the ServerHello.</summary>
    public string Version { get; }

    public OnPathRelay Relay { get; }

    /// <summary>Every record of the connection, both directions, in arrival order.</summary>
    public IReadOnlyList<WireRecord> Records { get; }

    /// <summary>The flights before the client's request.</summary>
    public IReadOnlyList<IReadOnlyList<WireRecord>> HandshakeFlights { get; }

    /// <summary>Server flights the client waited for before it could send its request.</summary>
    public int RoundTrips { get; }

    public int HandshakeBytesUp { get; }

    public int HandshakeBytesDown { get; }

    /// <summary>True when the server certificate's DER bytes appear in the capture.</summary>
    public bool CertificateVisible { get; }

    /// <summary>
    /// True when "localhost" (the server_name the client asked for) is readable.
    /// </summary>
    public bool ServerNameVisible { get; }

    /// <summary>The names of the handshake messages an eavesdropper can read.</summary>
    public IReadOnlyList<string> ReadableMessages =>
        Records.Where(r => r.Readable).SelectMany(r => r.Messages).ToList();

    /// <summary>What s_server answered (its status page).</summary>
    public string Page { get; }

    public string TableTitle => $"{Version}: what the eavesdropper sees, record by record";

    public IReadOnlyList<Field> GetFields() =>
        Records.Select((r, i) => new Field(
            $"{i + 1,2}. " + (r.Direction == RelayDirection.ClientToServer
                ? "client → server"
                : "client ← server"),
            r.Seen,
            $"{r.Length} bytes, outer type {WireRecord.TypeName(r.ContentType)}")).ToList();

    public override string ToString() => Html.PlainTable(this);
}

/// <summary>Runs <see cref="HandshakeObservation"/>s and compares them.</summary>
public static class VersionProbe
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Starts <c>openssl s_server</c> for <paramref name="version"/> ("1.2" or "1.3"), puts
    /// the relay in front, and fetches "/" with an SslStream client limited to that version.
    /// </summary>
    public static HandshakeObservation Observe(DemoPki pki, string version)
    {
        ArgumentNullException.ThrowIfNull(pki);
        using var server = OpenSslServer.StartVersion(version, pki.ServerCertificatePem,
            pki.ServerKeyPem);
        var relay = OnPathRelay.Start(server.Port, new RelayOptions
        {
            IdleTimeout = TimeSpan.FromSeconds(5),
        });
        try
        {
            TimeSpan clientWrites;
            string page;
            using (var tcp = new TcpClient())
            {
                tcp.Connect(IPAddress.Loopback, relay.Port);
                tcp.NoDelay = true;
                using var ssl = new SslStream(tcp.GetStream());
                ssl.ReadTimeout = (int)Patience.TotalMilliseconds;
                ssl.AuthenticateAsClient(SecureLogin.ClientOptions(pki,
                    version == "1.3" ? SslProtocols.Tls13 : SslProtocols.Tls12));
                clientWrites = relay.Elapsed;
                ssl.Write("GET / HTTP/1.0\r\n\r\n"u8);
                using var reader = new StreamReader(ssl, Encoding.UTF8);
                page = reader.ReadToEnd();
            }

            relay.WaitForClosed(1, Patience);
            return new HandshakeObservation(relay, clientWrites, pki.Server.RawData, page);
        }
        finally
        {
            relay.Dispose();
        }
    }

    /// <summary>A short table: the questions as rows, the two versions as columns.</summary>
    public static IHtmlContent Compare(HandshakeObservation first, HandshakeObservation second)
    {
        (string Question, Func<HandshakeObservation, string> Answer)[] rows =
        [
            ("round trips before the client may send its request", o => o.RoundTrips.ToString()),
            ("handshake bytes, client → server", o => o.HandshakeBytesUp.ToString()),
            ("handshake bytes, server → client", o => o.HandshakeBytesDown.ToString()),
            ("handshake messages readable on the wire",
                o => string.Join(", ", o.ReadableMessages.Distinct())),
            ("server certificate readable", o => o.CertificateVisible ? "yes" : "no (encrypted)"),
            ("server name (SNI) readable", o => o.ServerNameVisible ? "yes" : "no"),
        ];
        var html = new StringBuilder("<table class=\"tlsnb-compare\" style=\"text-align:left\">");
        html.Append($"<thead><tr><th></th><th>{Enc(first.Version)}</th>"
            + $"<th>{Enc(second.Version)}</th></tr></thead><tbody>");
        foreach (var (question, answer) in rows)
        {
            html.Append($"<tr><td style=\"text-align:left\"><b>{Enc(question)}</b></td>"
                + $"<td style=\"text-align:left\">{Enc(answer(first))}</td>"
                + $"<td style=\"text-align:left\">{Enc(answer(second))}</td></tr>");
        }

        return new HtmlString(html.Append("</tbody></table>").ToString());
    }

    /// <summary>Handshake bytes per direction, one bar group per version.</summary>
    public static GenericChart BytesChart(HandshakeObservation first, HandshakeObservation second)
    {
        string[] categories = ["client → server", "server → client"];
        return GroupedBars.Draw("Handshake bytes on the wire before the request",
            "direction", "bytes", categories,
            (first.Version, [first.HandshakeBytesUp, first.HandshakeBytesDown]),
            (second.Version, [second.HandshakeBytesUp, second.HandshakeBytesDown]));
    }

    private static string Enc(string text) => WebUtility.HtmlEncode(text);
}
