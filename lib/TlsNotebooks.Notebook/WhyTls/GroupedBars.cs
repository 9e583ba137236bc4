using Plotly.NET;
using Plotly.NET.CSharp;
using Chart = Plotly.NET.CSharp.Chart;

namespace TlsNotebooks.Notebook.WhyTls;

/// <summary>
/// Bars side by side, one colour per series, over named categories. (The x axis must be a
/// category axis: a linear one has nowhere to put a label such as "client → server".)
/// </summary>
public static class GroupedBars
{
    public static GenericChart Draw(
        string title,
        string xTitle,
        string yTitle,
        IReadOnlyList<string> categories,
        params (string Name, IReadOnlyList<double> Values)[] series)
    {
        var bars = series.Select(s => Chart.Column<double, string, string>(
            s.Values.ToArray(), Keys: categories.ToArray(), Name: s.Name)).ToArray();
        return Charts.WithTitle(Chart.Combine(bars), title)
            .WithXAxisStyle<double, double, string>(TitleText: xTitle,
                AxisType: StyleParam.AxisType.Category)
            .WithYAxisStyle<double, double, string>(TitleText: yTitle);
    }
}
