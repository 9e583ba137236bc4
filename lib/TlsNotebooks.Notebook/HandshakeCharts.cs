using Plotly.NET;
using Plotly.NET.CSharp;
using TlsNotebooks.Tls;
using Chart = Plotly.NET.CSharp.Chart;

namespace TlsNotebooks.Notebook;

/// <summary>
/// The two bar charts of the handshake notebook. Bars are placed by label, so the x axis is a
/// category axis: a linear axis would give the bars no position and draw an empty chart.
/// </summary>
public static class HandshakeCharts
{
    /// <summary>
    /// One bar per message of a transcript, in order, labelled with its direction
    /// (→ client to server, ← server to client, seen from the client).
    /// </summary>
    public static GenericChart BytesPerMessage(TlsTranscript clientTranscript)
    {
        var messages = clientTranscript.Messages.ToList();
        var labels = messages
            .Select((m, i) =>
                $"{i + 1}. {(m.Direction == Direction.Sent ? "→" : "←")} {m.Name}")
            .ToArray();
        var bytes = messages.Select(m => (double)m.Bytes.Length).ToArray();
        var chart = Chart.Column<double, string, string>(bytes, Keys: labels, Name: "bytes");
        return Style(chart, "Bytes per message (→ client to server, ← server to client)",
            "message", "bytes");
    }

    /// <summary>Client and server bars side by side for each step of the handshake.</summary>
    public static GenericChart TimePerStep(
        IReadOnlyList<(string Step, double ClientMs, double ServerMs)> steps, string title)
    {
        var labels = steps.Select(s => s.Step).ToArray();
        var chart = Chart.Combine(
        [
            Chart.Column<double, string, string>(
                steps.Select(s => s.ClientMs).ToArray(), Keys: labels, Name: "client"),
            Chart.Column<double, string, string>(
                steps.Select(s => s.ServerMs).ToArray(), Keys: labels, Name: "server"),
        ]);
        return Style(chart, title, "step", "milliseconds");
    }

    private static GenericChart Style(GenericChart chart, string title, string xTitle,
        string yTitle) =>
        Charts.WithTitle(chart, title)
            .WithXAxisStyle<double, double, string>(
                TitleText: xTitle, AxisType: StyleParam.AxisType.Category)
            .WithYAxisStyle<double, double, string>(
                TitleText: yTitle, AxisType: StyleParam.AxisType.Linear);
}
