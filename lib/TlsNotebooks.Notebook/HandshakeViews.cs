using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;
using TlsNotebooks.Presentation;
using TlsNotebooks.Tls;
using TlsNotebooks.Tls.Crypto;
using TlsNotebooks.Tls.Wire;

namespace TlsNotebooks.Notebook;

/// <summary>A titled list of fields, shown as a table by the notebook's formatter.</summary>
public sealed record FieldList(string TableTitle, IReadOnlyList<Field> Fields) : IFieldTable
{
    // Why each field is there, for the fields a reader meets first.
    private static readonly Dictionary<string, string> s_notes = new()
    {
        ["client_version"] = "the highest version the client speaks (RFC 5246 §7.4.1.2)",
        ["server_version"] = "the version the server chose",
        ["random"] = "32 fresh bytes: no two handshakes are alike",
        ["session_id"] = "empty: no session to resume",
        ["cipher_suites"] = "the client's offer, best first",
        ["cipher_suite"] = "the server's choice among the offer",
        ["compression_methods"] = "00 = no compression, the only safe choice",
        ["compression_method"] = "00 = none",
        ["dh_p"] = "the prime p",
        ["dh_g"] = "the generator g",
        ["dh_Ys"] = "the server's public value g^b mod p",
        ["dh_Yc"] = "the client's public value g^a mod p",
        ["algorithm"] = "how the signature was made (hash and padding)",
        ["signature"] = "over client_random + server_random + params",
        ["verify_data"] = "PRF(master_secret, label, Hash(handshake_messages)), 12 bytes",
    };

    public IReadOnlyList<Field> GetFields() => Fields;

    /// <summary>A message's fields, in wire order, with a note on the main ones.</summary>
    public static FieldList Of(Tls.Messages.HandshakeMessage message) =>
        new(message.GetType().Name, message.Fields()
            .Select(f => new Field(f.Name, f.Value, s_notes.GetValueOrDefault(f.Name)))
            .ToList());

    public override string ToString() => Html.PlainTable(this);
}

/// <summary>
/// One transcript entry the way a protocol analyser shows it: a hex dump whose bytes are
/// coloured by the field they belong to, and a table of every field with its byte range.
/// </summary>
public sealed class AnnotatedBytes : IHtmlContent
{
    private static readonly string[] s_colours =
    [
        "#fde2e2", "#e2f0fd", "#e5f7e0", "#fff4d6", "#eee2fd", "#dff6f4", "#fde9d9", "#e9e9e9",
    ];

    private readonly TranscriptEntry _entry;
    private readonly int _maxFieldBytes;

    private AnnotatedBytes(TranscriptEntry entry, int maxFieldBytes)
    {
        _entry = entry;
        _maxFieldBytes = maxFieldBytes;
    }

    /// <param name="entry">A message or record of a transcript.</param>
    /// <param name="maxFieldBytes">How many bytes of each field the table prints.</param>
    public static AnnotatedBytes Of(TranscriptEntry entry, int maxFieldBytes = 32) =>
        new(entry, maxFieldBytes);

    /// <summary>
    /// The innermost fields: those with no other field inside them. These colour the dump.
    /// </summary>
    public static IReadOnlyList<ByteRange> Leaves(IReadOnlyList<ByteRange> fields) =>
        fields.Where(f => f.Length > 0 && !fields.Any(o => !ReferenceEquals(o, f)
                && o.Offset >= f.Offset && o.Offset + o.Length <= f.Offset + f.Length
                && (o.Offset != f.Offset || o.Length != f.Length || o.Depth > f.Depth)))
            .ToList();

    public void WriteTo(TextWriter writer, HtmlEncoder encoder) => writer.Write(ToHtml());

    public string ToHtml()
    {
        var bytes = _entry.Bytes;
        var leaves = Leaves(_entry.Fields);
        var colourOf = new Dictionary<ByteRange, string>();
        for (var i = 0; i < leaves.Count; i++)
        {
            colourOf[leaves[i]] = s_colours[i % s_colours.Length];
        }

        var html = new StringBuilder();
        html.Append("<div class=\"tlsnb-bytes\" style=\"font-size:13px\">");
        html.Append("<div><b>").Append(Encode(_entry.Name)).Append("</b> · ")
            .Append(_entry.Direction == Direction.Sent ? "sent" : "received").Append(" · ")
            .Append(bytes.Length.ToString(CultureInfo.InvariantCulture)).Append(" bytes</div>");

        // The dump: 32 bytes a line; hovering a byte names its field.
        html.Append("<pre style=\"font-size:12px;line-height:1.5;margin:4px 0\">");
        for (var i = 0; i < bytes.Length; i++)
        {
            if (i > 0 && i % 32 == 0)
            {
                html.Append('\n');
            }
            else if (i > 0)
            {
                html.Append(' ');
            }

            var leaf = leaves.FirstOrDefault(l => i >= l.Offset && i < l.Offset + l.Length);
            var hex = bytes[i].ToString("x2", CultureInfo.InvariantCulture);
            if (leaf is null)
            {
                html.Append(hex);
            }
            else
            {
                html.Append("<span title=\"").Append(Encode(leaf.Name))
                    .Append("\" style=\"background:").Append(colourOf[leaf]).Append("\">")
                    .Append(hex).Append("</span>");
            }
        }

        html.Append("</pre>");
        html.Append("<table style=\"font-size:12px;text-align:left\"><thead><tr>")
            .Append("<th style=\"text-align:left\">field</th><th>bytes</th><th>length</th>")
            .Append("<th style=\"text-align:left\">value</th></tr></thead><tbody>");
        foreach (var field in _entry.Fields)
        {
            colourOf.TryGetValue(field, out var colour);
            html.Append("<tr><td style=\"text-align:left;padding-left:")
                .Append((6 + 14 * field.Depth).ToString(CultureInfo.InvariantCulture))
                .Append("px\">").Append(Encode(field.Name)).Append("</td><td>")
                .Append(field.Offset.ToString(CultureInfo.InvariantCulture)).Append("..")
                .Append((field.Offset + field.Length).ToString(CultureInfo.InvariantCulture))
                .Append("</td><td>").Append(field.Length.ToString(CultureInfo.InvariantCulture))
                .Append("</td><td style=\"text-align:left;font-family:monospace;background:")
                .Append(colour ?? "transparent").Append("\">")
                .Append(Encode(Shown(bytes, field))).Append("</td></tr>");
        }

        html.Append("</tbody></table></div>");
        return html.ToString();
    }

    public override string ToString() => _entry.Annotated();

    private string Shown(byte[] bytes, ByteRange field)
    {
        var end = Math.Min(bytes.Length, field.Offset + field.Length);
        var length = Math.Max(0, end - field.Offset);
        var shown = Math.Min(length, _maxFieldBytes);
        var hex = Convert.ToHexStringLower(bytes, field.Offset, shown);
        return length > shown ? $"{hex}… (+{length - shown} bytes)" : hex;
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}

/// <summary>
/// A sequence diagram of a handshake as one side saw it: client on the left, server on the
/// right, one arrow per message, grouped into flights, encrypted messages drawn in green.
/// Plain SVG, drawn offline.
/// </summary>
public sealed class FlightDiagram : IHtmlContent
{
    private const int Width = 640;
    private const int ClientX = 150;
    private const int ServerX = 540;
    private const int Top = 50;
    private const int Step = 30;

    private readonly IReadOnlyList<Arrow> _arrows;
    private readonly string _title;

    private FlightDiagram(IReadOnlyList<Arrow> arrows, string title)
    {
        _arrows = arrows;
        _title = title;
    }

    /// <summary>
    /// One arrow: who sent it, what it is, its size, whether it was encrypted, and its flight
    /// (0 for application data after the handshake).
    /// </summary>
    public sealed record Arrow(
        bool FromClient, string Name, int Bytes, bool Encrypted, int Flight);

    public IReadOnlyList<Arrow> Arrows => _arrows;

    /// <summary>The diagram of a transcript recorded by the client or by the server.</summary>
    public static FlightDiagram Of(TlsTranscript transcript, bool recordedByClient = true,
        string title = "The TLS 1.2 handshake, flight by flight")
    {
        var arrows = new List<Arrow>();
        var encrypted = new Dictionary<bool, bool> { [true] = false, [false] = false };
        var flight = 0;
        bool? previous = null;
        foreach (var message in transcript.Messages)
        {
            var fromClient = (message.Direction == Direction.Sent) == recordedByClient;
            var isData = message.ContentType == ContentType.ApplicationData;
            if (previous != fromClient && !isData)
            {
                flight++;
                previous = fromClient;
            }

            // Application data is not part of any flight: flight 0 marks it.
            arrows.Add(new Arrow(fromClient, message.Name, message.Bytes.Length,
                encrypted[fromClient], isData ? 0 : flight));
            if (message.ContentType == ContentType.ChangeCipherSpec)
            {
                encrypted[fromClient] = true;
            }
        }

        return new FlightDiagram(arrows, title);
    }

    public void WriteTo(TextWriter writer, HtmlEncoder encoder) => writer.Write(ToHtml());

    public string ToHtml()
    {
        var height = Top + Step * _arrows.Count + 30;
        var svg = new StringBuilder();
        svg.Append(
            $"<svg class=\"tlsnb-flights\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" "
            + $"height=\"{height}\" font-family=\"sans-serif\" font-size=\"13\">");
        svg.Append("<defs>")
            .Append(Marker("tlsnb-arrow-plain", "#37474f"))
            .Append(Marker("tlsnb-arrow-secret", "#2e7d32"))
            .Append("</defs>");
        svg.Append(
            $"<text x=\"{Width / 2}\" y=\"18\" text-anchor=\"middle\" font-weight=\"bold\">"
            + $"{Encode(_title)}</text>");

        // Flight bands first, so the arrows are drawn over them.
        foreach (var group in _arrows.Select((a, i) => (a, i)).GroupBy(x => x.a.Flight))
        {
            var first = group.First().i;
            var count = group.Count();
            var y = Top + Step * first;
            var fill = group.Key == 0 ? "#fffde7" : group.Key % 2 == 1 ? "#f5f7fa" : "#ffffff";
            var name = group.Key == 0 ? "application data" : $"flight {group.Key}";
            svg.Append(
                $"<rect x=\"0\" y=\"{y}\" width=\"{Width}\" height=\"{Step * count}\" "
                + $"fill=\"{fill}\"/><text x=\"6\" y=\"{y + 16}\" fill=\"#78909c\">"
                + $"{name}</text>");
        }

        foreach (var (x, label) in new[] { (ClientX, "client"), (ServerX, "server") })
        {
            svg.Append(
                $"<text x=\"{x}\" y=\"40\" text-anchor=\"middle\" font-weight=\"bold\">{label}"
                + $"</text><line x1=\"{x}\" y1=\"{Top - 4}\" x2=\"{x}\" y2=\"{height - 10}\" "
                + "stroke=\"#90a4ae\" stroke-width=\"2\"/>");
        }

        for (var i = 0; i < _arrows.Count; i++)
        {
            var arrow = _arrows[i];
            var y = Top + Step * i + 22;
            var (from, to) = arrow.FromClient ? (ClientX, ServerX) : (ServerX, ClientX);
            var colour = arrow.Encrypted ? "#2e7d32" : "#37474f";
            var marker = arrow.Encrypted ? "tlsnb-arrow-secret" : "tlsnb-arrow-plain";
            var encrypted = arrow.Encrypted ? ", encrypted" : string.Empty;
            var label = $"{arrow.Name} ({ByteCount(arrow.Bytes)}{encrypted})";
            svg.Append(
                $"<line x1=\"{from}\" y1=\"{y}\" x2=\"{to}\" y2=\"{y}\" stroke=\"{colour}\" "
                + $"stroke-width=\"1.6\" marker-end=\"url(#{marker})\"/>"
                + $"<text x=\"{(ClientX + ServerX) / 2}\" y=\"{y - 5}\" text-anchor=\"middle\" "
                + $"fill=\"{colour}\">{Encode(label)}</text>");
        }

        svg.Append("</svg>");
        return svg.ToString();
    }

    public override string ToString() => string.Join("\n", _arrows.Select(a =>
        $"{(a.Flight == 0 ? "data" : $"flight {a.Flight}")}: "
        + $"{(a.FromClient ? "client -> server" : "server -> client")} "
        + $"{a.Name} ({ByteCount(a.Bytes)}{(a.Encrypted ? ", encrypted" : "")})"));

    private static string ByteCount(int count) => count == 1 ? "1 byte" : $"{count} bytes";

    private static string Marker(string id, string colour) =>
        $"<marker id=\"{id}\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"8\" "
        + $"markerHeight=\"8\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"{colour}\"/>"
        + "</marker>";

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}

/// <summary>
/// The key schedule's PRF calls as tables: the secret, the label and the seed that go in, and
/// what comes out, recomputed here and compared with what the connection used.
/// </summary>
public static class KeyScheduleView
{
    /// <summary>
    /// RFC 5246 §8.1: master_secret = PRF(pre_master_secret, "master secret", randoms).
    /// </summary>
    public static FieldList MasterSecret(TlsConnection connection)
    {
        if (connection.UsesExtendedMasterSecret)
        {
            throw new InvalidOperationException(
                "this connection uses the extended master secret (RFC 7627), whose seed is the "
                + "session hash, not the two randoms");
        }

        byte[] seed = [.. connection.ClientRandom, .. connection.ServerRandom];
        var master = TlsPrf.Compute(connection.PreMasterSecret, "master secret", seed, 48);
        return new FieldList("master_secret = PRF(pre_master_secret, \"master secret\", seed)",
        [
            new Field("secret: pre_master_secret", Hex(connection.PreMasterSecret),
                $"{connection.PreMasterSecret.Length} bytes"),
            new Field("label", "\"master secret\"", "ASCII, no terminating zero"),
            new Field("seed: client_random + server_random", Hex(seed), "64 bytes"),
            new Field("master_secret", Hex(master), Same(master, connection.MasterSecret)),
        ]);
    }

    /// <summary>
    /// RFC 5246 §6.3: key_block = PRF(master_secret, "key expansion", server_random +
    /// client_random), cut into the four values an AES-128-GCM suite needs.
    /// </summary>
    public static FieldList KeyExpansion(TlsConnection connection)
    {
        byte[] seed = [.. connection.ServerRandom, .. connection.ClientRandom];
        var block = TlsPrf.Compute(connection.MasterSecret, "key expansion", seed, 40);
        var keys = connection.Keys;
        return new FieldList("key_block = PRF(master_secret, \"key expansion\", seed)",
        [
            new Field("secret: master_secret", Hex(connection.MasterSecret), "48 bytes"),
            new Field("label", "\"key expansion\""),
            new Field("seed: server_random + client_random", Hex(seed),
                "the randoms in the other order than for the master secret"),
            new Field("key_block", Hex(block), "40 bytes"),
            new Field("client_write_key", Hex(block[..16]),
                "bytes 0..16 · " + Same(block[..16], keys?.ClientWriteKey)),
            new Field("server_write_key", Hex(block[16..32]),
                "bytes 16..32 · " + Same(block[16..32], keys?.ServerWriteKey)),
            new Field("client_write_IV", Hex(block[32..36]),
                "bytes 32..36, the implicit nonce (salt) · "
                + Same(block[32..36], keys?.ClientWriteIv)),
            new Field("server_write_IV", Hex(block[36..40]),
                "bytes 36..40 · " + Same(block[36..40], keys?.ServerWriteIv)),
        ]);
    }

    /// <summary>
    /// RFC 5246 §7.4.9: verify_data = PRF(master_secret, label, SHA-256(messages)).
    /// </summary>
    public static FieldList VerifyData(byte[] masterSecret, bool fromClient,
        byte[] handshakeMessages, byte[]? sent = null)
    {
        var label = fromClient ? "client finished" : "server finished";
        var hash = KeySchedule.TranscriptHash(handshakeMessages);
        var verifyData = TlsPrf.Compute(masterSecret, label, hash, 12);
        var title = $"verify_data = PRF(master_secret, \"{label}\", SHA-256(handshake_messages))";
        return new FieldList(title,
        [
            new Field("secret: master_secret", Hex(masterSecret)),
            new Field("label", $"\"{label}\""),
            new Field("seed: SHA-256(handshake_messages)", Hex(hash),
                $"hash of {handshakeMessages.Length} bytes of handshake messages"),
            new Field("verify_data", Hex(verifyData),
                sent is null ? "12 bytes" : Same(verifyData, sent, "the Finished that was sent")),
        ]);
    }

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);

    private static string Same(byte[] computed, byte[]? used, string what = "the connection's") =>
        used is null ? "not yet computed by the connection"
            : computed.AsSpan().SequenceEqual(used) ? $"equals {what}" : $"DIFFERS from {what}";
}
