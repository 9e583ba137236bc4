using System.Net;
using System.Text;
using Microsoft.AspNetCore.Html;
using TlsNotebooks.Relay;

namespace TlsNotebooks.Notebook.WhyTls;

/// <summary>
/// Sequence diagrams of handshakes as an eavesdropper saw them, drawn as inline SVG (no
/// scripts, no network): one arrow per flight, one line per record, readable records in
/// black, encrypted ones in grey.
/// </summary>
public static class EavesdropperDiagram
{
    private const int Width = 380;
    private const int ClientX = 40;
    private const int ServerX = 340;
    private const int LineHeight = 16;

    /// <summary>The handshakes side by side, each up to the client's request.</summary>
    public static IHtmlContent SideBySide(params HandshakeObservation[] observations)
    {
        var html = new StringBuilder(
            "<div style=\"display:flex;gap:24px;flex-wrap:wrap;align-items:flex-start\">");
        foreach (var observation in observations)
        {
            html.Append(Svg(observation));
        }

        return new HtmlString(html.Append("</div>").ToString());
    }

    private static string Lifeline(int x, int height) =>
        $"<line x1=\"{x}\" y1=\"24\" x2=\"{x}\" y2=\"{height - 4}\" stroke=\"#444\"/>";

    private static string Svg(HandshakeObservation observation)
    {
        var body = new StringBuilder();
        var y = 44;
        var flightNumber = 0;
        foreach (var flight in observation.HandshakeFlights)
        {
            flightNumber++;
            var toServer = flight[0].Direction == RelayDirection.ClientToServer;
            var textX = toServer ? ClientX + 10 : ServerX - 10;
            var anchor = toServer ? "start" : "end";
            foreach (var record in flight)
            {
                var colour = record.Readable ? "#000" : "#999";
                var label = record.Readable ? record.Seen : $"[encrypted] {record.Length} bytes";
                body.Append($"<text x=\"{textX}\" y=\"{y}\" font-size=\"12\" fill=\"{colour}\" "
                    + $"text-anchor=\"{anchor}\">{WebUtility.HtmlEncode(label)}</text>");
                y += LineHeight;
            }

            var (from, to) = toServer ? (ClientX, ServerX) : (ServerX, ClientX);
            body.Append($"<line x1=\"{from}\" y1=\"{y - 8}\" x2=\"{to}\" y2=\"{y + 2}\" "
                + "stroke=\"#1f77b4\" stroke-width=\"2\" marker-end=\"url(#arrow)\"/>");
            y += 24;
        }

        body.Append($"<text x=\"{ClientX + 10}\" y=\"{y}\" font-size=\"12\" fill=\"#2e7d32\">"
            + $"request may go now: {observation.RoundTrips} round trip(s)</text>");
        var height = y + 16;
        var header = $"<text x=\"{ClientX}\" y=\"16\" font-size=\"13\" font-weight=\"bold\" "
            + "text-anchor=\"middle\">client</text>"
            + $"<text x=\"{ServerX}\" y=\"16\" font-size=\"13\" font-weight=\"bold\" "
            + "text-anchor=\"middle\">server</text>"
            + $"<text x=\"{Width / 2}\" y=\"16\" font-size=\"13\" text-anchor=\"middle\">"
            + $"{WebUtility.HtmlEncode(observation.Version)}</text>"
            + Lifeline(ClientX, height) + Lifeline(ServerX, height);
        return $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{height}\" "
            + $"viewBox=\"0 0 {Width} {height}\" style=\"font-family:sans-serif\">"
            + "<defs><marker id=\"arrow\" markerWidth=\"8\" markerHeight=\"8\" refX=\"7\" "
            + "refY=\"4\" orient=\"auto\"><path d=\"M0,0 L8,4 L0,8 z\" fill=\"#1f77b4\"/>"
            + "</marker></defs>" + header + body + "</svg>";
    }
}
