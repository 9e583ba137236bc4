using System.Text.Json.Nodes;
using Plotly.NET;
using TlsNotebooks.Notebook.Exercises;
using TlsNotebooks.Presentation;

namespace TlsNotebooks.Notebook.Tests;

/// <summary>The notebook layer on its own, outside any kernel.</summary>
public class NotebookLayerTests
{
    static NotebookLayerTests() => FSharpCoreBinding.Install();

    private static JsonNode Figure(GenericChart chart) =>
        JsonNode.Parse(GenericChart.toFigureJson(chart))!;

    [Fact]
    public void Line_WithLogScale_SetsTitlesAndALogAxis()
    {
        var chart = Charts.Line([1, 2, 3], [10, 100, 1000], "growth", "bits", "years", yScale: AxisScale.Log);

        var figure = Figure(chart);
        Assert.Equal("growth", figure["layout"]!["title"]!["text"]!.GetValue<string>());
        Assert.Equal("log", figure["layout"]!["yaxis"]!["type"]!.GetValue<string>());
        Assert.Equal("years", figure["layout"]!["yaxis"]!["title"]!["text"]!.GetValue<string>());
        Assert.Equal("bits", figure["layout"]!["xaxis"]!["title"]!["text"]!.GetValue<string>());
        Assert.Equal([10.0, 100.0, 1000.0], figure["data"]![0]!["y"]!.AsArray().Select(v => v!.GetValue<double>()));
    }

    [Fact]
    public void Bar_Histogram_AndScatter_MakeTheirTraceTypes()
    {
        Assert.Equal("bar", Figure(Charts.Bar(["a", "b"], [1, 2], "t", "x", "y"))["data"]![0]!["type"]!.GetValue<string>());
        Assert.Equal("histogram", Figure(Charts.Histogram([1, 2, 2, 3], "t", "x", bins: 3))["data"]![0]!["type"]!.GetValue<string>());
        var scatter = Figure(Charts.Scatter([1, 2], [3, 4], "t", "x", "y"))["data"]![0]!;
        Assert.Equal("markers", scatter["mode"]!.GetValue<string>());
    }

    [Fact]
    public void Overlay_PutsEverySeriesOnOneChart()
    {
        var chart = Charts.Overlay("t", "x", "y", AxisScale.Linear, AxisScale.Log,
            Charts.Line([1, 2], [1, 2], "a", "x", "y", name: "first"),
            Charts.Line([1, 2], [2, 4], "b", "x", "y", name: "second"));

        var figure = Figure(chart);
        Assert.Equal(2, figure["data"]!.AsArray().Count);
        Assert.Equal("log", figure["layout"]!["yaxis"]!["type"]!.GetValue<string>());
    }

    [Fact]
    public void ChartHtml_CannotBeClosedEarlyByATitle()
    {
        var html = ChartHtml.Render(Charts.Line([1], [1], "</script><b>bold</b>", "x", "y"));

        Assert.DoesNotContain("</script><b>", html);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(html, "</script>"));
        Assert.Contains("class=\"tlsnb-chart\"", html);
    }

    [Fact]
    public void PlotlyJs_IsEmbedded_AndTheLoaderHasOneScriptElement()
    {
        Assert.Matches(@"^\d+\.\d+\.\d+$", PlotlyJs.Version);
        Assert.True(PlotlyJs.Source.Length > 1_000_000, "plotly.js looks truncated");

        var loader = PlotlyJs.LoaderHtml();
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(loader, "</script>"));
        Assert.DoesNotContain("src=\"http", loader);
    }

    [Fact]
    public void FSharpCoreBinding_InstallsOnce()
    {
        FSharpCoreBinding.Install();
        FSharpCoreBinding.Install();

        Assert.True(FSharpCoreBinding.IsInstalled);
    }

    [Fact]
    public void Exercise00_RightAnswer_EarnsThePoints()
    {
        var header = StartHere.RecordHeader;
        var result = Check.Answer("00.1", (header[3] << 8) | header[4]);

        Assert.True(result.Passed, result.Message);
        Assert.Equal(result.Points, result.Awarded);
        Assert.Contains("data-passed=\"true\"", result.ToHtml());
    }

    [Theory]
    [InlineData(0x2C, "last byte")]
    [InlineData(0x2C01, "little-endian")]
    [InlineData(70000, "0 to 65535")]
    [InlineData(7, "is not the length")]
    public void Exercise00_WrongAnswer_GetsAHintButNeverTheAnswer(int answer, string expectedHint)
    {
        var header = StartHere.RecordHeader;
        var right = ((header[3] << 8) | header[4]).ToString();

        var result = Check.Answer("00.1", answer);

        Assert.False(result.Passed);
        Assert.Equal(0, result.Awarded);
        Assert.Contains(expectedHint, result.Message);
        Assert.DoesNotContain(right, result.ToString());
        Assert.Contains("data-passed=\"false\"", result.ToHtml());
    }

    [Fact]
    public void Exercise_AnswerOfTheWrongType_SaysWhatWasExpected()
    {
        var result = Check.Answer("00.1", "300");

        Assert.False(result.Passed);
        Assert.Contains("expects a whole number (int)", result.Message);
    }

    [Fact]
    public void Exercise_UnknownId_NamesTheKnownOnes()
    {
        var error = Assert.Throws<ArgumentException>(() => Check.Answer("99.9", 1));

        Assert.Contains("00.1", error.Message);
    }

    [Fact]
    public void Html_Table_EncodesValues()
    {
        var table = new EnvironmentReport([new Field("a<b", "<script>", "x & y")]);

        var html = Html.Table(table);

        Assert.Contains("a&lt;b", html);
        Assert.Contains("&lt;script&gt;", html);
        Assert.DoesNotContain("<script>", html);
        Assert.Contains("a<b", Html.PlainTable(table));
    }

    [Fact]
    public void EnvironmentCheck_FindsOpenSsl()
    {
        Assert.StartsWith("OpenSSL", NotebookEnvironment.Check()["OpenSSL"]);
    }
}
