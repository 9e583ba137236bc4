using Microsoft.FSharp.Core;
using Plotly.NET;
using Plotly.NET.CSharp;
using Chart = Plotly.NET.CSharp.Chart;

namespace TlsNotebooks.Notebook;

/// <summary>How an axis is scaled.</summary>
public enum AxisScale
{
    /// <summary>Equal steps for equal differences.</summary>
    Linear,

    /// <summary>Equal steps for equal ratios: for quantities that grow exponentially.</summary>
    Log,
}

/// <summary>
/// The charts the notebooks draw, each with a title and labelled axes. Every method returns a
/// Plotly.NET <see cref="GenericChart"/>; end a cell with it and the notebook draws it offline.
/// </summary>
public static class Charts
{
    /// <summary>A line through the points (x, y), in the order given.</summary>
    public static GenericChart Line(
        IEnumerable<double> x,
        IEnumerable<double> y,
        string title,
        string xTitle,
        string yTitle,
        string? name = null,
        AxisScale xScale = AxisScale.Linear,
        AxisScale yScale = AxisScale.Linear)
    {
        var chart = Chart.Line<double, double, string>(
            x.ToArray(), y.ToArray(), ShowMarkers: true, Name: name ?? yTitle);
        return Style(chart, title, xTitle, yTitle, xScale, yScale);
    }

    /// <summary>Unconnected points (x, y).</summary>
    public static GenericChart Scatter(
        IEnumerable<double> x,
        IEnumerable<double> y,
        string title,
        string xTitle,
        string yTitle,
        string? name = null,
        AxisScale xScale = AxisScale.Linear,
        AxisScale yScale = AxisScale.Linear)
    {
        var chart = Chart.Point<double, double, string>(
            x.ToArray(), y.ToArray(), Name: name ?? yTitle);
        return Style(chart, title, xTitle, yTitle, xScale, yScale);
    }

    /// <summary>One vertical bar per label.</summary>
    public static GenericChart Bar(
        IEnumerable<string> labels,
        IEnumerable<double> values,
        string title,
        string xTitle,
        string yTitle,
        AxisScale yScale = AxisScale.Linear)
    {
        var chart = Chart.Column<double, string, string>(
            values.ToArray(), Keys: labels.ToArray(), Name: yTitle);

        // The labels need a category axis: forcing it to "linear", as Style does for the
        // other charts, leaves the bars without positions and draws an empty chart.
        return Style(chart, title, xTitle, yTitle, StyleParam.AxisType.Category, ToPlotly(yScale));
    }

    /// <summary>How often each value falls in each bin.</summary>
    public static GenericChart Histogram(
        IEnumerable<double> values,
        string title,
        string xTitle,
        string yTitle = "count",
        int? bins = null)
    {
        var chart = bins is int count
            ? Chart.Histogram<double, double, string>(
                X: values.ToArray(), NBinsX: count, Name: xTitle)
            : Chart.Histogram<double, double, string>(X: values.ToArray(), Name: xTitle);
        return Style(chart, title, xTitle, yTitle, AxisScale.Linear, AxisScale.Linear);
    }

    /// <summary>Several series on one pair of axes, with a legend.</summary>
    public static GenericChart Overlay(
        string title,
        string xTitle,
        string yTitle,
        AxisScale xScale,
        AxisScale yScale,
        params GenericChart[] series)
    {
        var chart = Chart.Combine(series);
        return Style(chart, title, xTitle, yTitle, xScale, yScale);
    }

    private static GenericChart Style(
        GenericChart chart,
        string title,
        string xTitle,
        string yTitle,
        AxisScale xScale,
        AxisScale yScale) =>
        Style(chart, title, xTitle, yTitle, ToPlotly(xScale), ToPlotly(yScale));

    private static GenericChart Style(
        GenericChart chart,
        string title,
        string xTitle,
        string yTitle,
        StyleParam.AxisType xAxis,
        StyleParam.AxisType yAxis) =>
        WithTitle(chart, title)
            .WithXAxisStyle<double, double, string>(TitleText: xTitle, AxisType: xAxis)
            .WithYAxisStyle<double, double, string>(TitleText: yTitle, AxisType: yAxis);

    /// <summary>The chart with <paramref name="title"/> above it, for every chart helper.</summary>
    internal static GenericChart WithTitle(GenericChart chart, string title) =>
        Plotly.NET.Chart.withTitle(PlainTitle(title)).Invoke(chart);

    // Title.init is F# with a dozen optional parameters; from C# each must be given, and a
    // null FSharpOption means "not set".
    private static Title PlainTitle(string text) =>
        Title.init(
            FSharpOption<string>.Some(text),
            null, null, null, null, null, null, null, null, null, null, null);

    private static StyleParam.AxisType ToPlotly(AxisScale scale) =>
        scale == AxisScale.Log ? StyleParam.AxisType.Log : StyleParam.AxisType.Linear;
}
