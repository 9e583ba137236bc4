using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;
using TlsNotebooks.Tls;

namespace TlsNotebooks.Notebook.MutualTls;

/// <summary>
/// A sequence diagram of one connection, drawn as SVG from the client's transcript: one arrow
/// per message with its size, the messages mutual TLS adds highlighted, alerts in red.
/// </summary>
public sealed class HandshakeSequence : IHtmlContent
{
    private const int Width = 680;
    private const int Left = 130;
    private const int Right = 550;
    private const int Row = 30;
    private const int Top = 56;

    private readonly IReadOnlyList<Arrow> _arrows;
    private readonly string _client;
    private readonly string _server;

    private HandshakeSequence(IReadOnlyList<Arrow> arrows, string client, string server)
    {
        _arrows = arrows;
        _client = client;
        _server = server;
    }

    /// <summary>
    /// The three messages client authentication adds (RFC 5246 §7.4.4, §7.4.6, §7.4.8).
    /// </summary>
    public static bool IsClientAuthentication(Direction direction, string name) =>
        name == "CertificateRequest" && direction == Direction.Received
        || name is "Certificate" or "CertificateVerify" && direction == Direction.Sent;

    /// <param name="clientTranscript">The transcript of the calling side.</param>
    /// <param name="client">The caller's name for the left lifeline.</param>
    /// <param name="server">The service's name for the right lifeline.</param>
    public static HandshakeSequence Of(TlsTranscript clientTranscript, string client,
        string server) =>
        new(clientTranscript.Messages
            .Select(m => new Arrow(m.Direction, m.Name, m.Bytes.Length,
                IsClientAuthentication(m.Direction, m.Name), m.Name.StartsWith("Alert",
                    StringComparison.Ordinal) && !m.Name.EndsWith("close_notify",
                    StringComparison.Ordinal)))
            .ToList(), client, server);

    /// <summary>The arrows as text, one line each, the highlighted ones marked.</summary>
    public override string ToString() => string.Join("\n", _arrows.Select(a =>
        (a.Direction == Direction.Sent ? $"{_client} -> {_server}" : $"{_server} -> {_client}")
        + $": {a.Name} ({a.Bytes} bytes){(a.Highlight ? "  *client authentication*" : "")}"));

    public void WriteTo(TextWriter writer, HtmlEncoder encoder)
    {
        var height = Top + (_arrows.Count * Row) + 20;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture,
            $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{height}\" ")
            .Append("font-family=\"sans-serif\" font-size=\"13\">")
            .Append("<defs><marker id=\"tlsnb-arrow\" markerWidth=\"10\" markerHeight=\"8\" ")
            .Append("markerUnits=\"userSpaceOnUse\" ")
            .Append("refX=\"9\" refY=\"4\" orient=\"auto\"><path d=\"M0,0 L10,4 L0,8 z\" ")
            .Append("fill=\"context-stroke\"/></marker></defs>");
        Lifeline(svg, Left, _client, height);
        Lifeline(svg, Right, _server, height);
        for (var i = 0; i < _arrows.Count; i++)
        {
            var arrow = _arrows[i];
            var y = Top + (i * Row) + 20;
            var colour = arrow.Alert ? "#c0392b" : arrow.Highlight ? "#d35400" : "#34495e";
            var weight = arrow.Highlight || arrow.Alert ? " font-weight=\"bold\"" : "";
            if (arrow.Highlight)
            {
                svg.Append(CultureInfo.InvariantCulture,
                    $"<rect x=\"{Left + 4}\" y=\"{y - 20}\" width=\"{Right - Left - 8}\" ")
                    .Append(CultureInfo.InvariantCulture,
                        $"height=\"{Row - 4}\" fill=\"#fdebd0\" rx=\"4\"/>");
            }

            var (x1, x2) = arrow.Direction == Direction.Sent ? (Left, Right) : (Right, Left);
            svg.Append(CultureInfo.InvariantCulture,
                    $"<line x1=\"{x1}\" y1=\"{y}\" x2=\"{x2}\" y2=\"{y}\" stroke=\"{colour}\" ")
                .Append(arrow.Alert ? "stroke-dasharray=\"5,3\" " : "")
                .Append(CultureInfo.InvariantCulture,
                    $"stroke-width=\"{(arrow.Highlight ? 2.5 : 1.5)}\" ")
                .Append("marker-end=\"url(#tlsnb-arrow)\"/>")
                .Append(CultureInfo.InvariantCulture,
                    $"<text x=\"{(Left + Right) / 2}\" y=\"{y - 5}\" text-anchor=\"middle\" ")
                .Append(CultureInfo.InvariantCulture,
                    $"fill=\"{colour}\"{weight}>")
                .Append(WebUtility.HtmlEncode($"{arrow.Name} ({arrow.Bytes} bytes)"))
                .Append("</text>");
        }

        svg.Append("</svg>");
        writer.Write(svg.ToString());
    }

    private static void Lifeline(StringBuilder svg, int x, string name, int height) =>
        svg.Append(CultureInfo.InvariantCulture,
                $"<rect x=\"{x - 60}\" y=\"6\" width=\"120\" height=\"28\" rx=\"5\" ")
            .Append("fill=\"#eaf2f8\" stroke=\"#34495e\"/>")
            .Append(CultureInfo.InvariantCulture,
                $"<text x=\"{x}\" y=\"25\" text-anchor=\"middle\" font-weight=\"bold\">")
            .Append(WebUtility.HtmlEncode(name)).Append("</text>")
            .Append(CultureInfo.InvariantCulture,
                $"<line x1=\"{x}\" y1=\"34\" x2=\"{x}\" y2=\"{height - 4}\" stroke=\"#95a5a6\" ")
            .Append("stroke-dasharray=\"4,4\"/>");

    private sealed record Arrow(Direction Direction, string Name, int Bytes, bool Highlight,
        bool Alert);
}
