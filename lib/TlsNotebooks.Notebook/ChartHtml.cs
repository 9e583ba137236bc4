using System.Net;
using Plotly.NET;

namespace TlsNotebooks.Notebook;

/// <summary>
/// Writes a Plotly.NET chart as HTML that draws with the page's offline plotly.js.
/// </summary>
public static class ChartHtml
{
    /// <summary>
    /// The text a reader sees in place of a chart when plotly.js is not in the page.
    /// </summary>
    public const string MissingPlotlyMessage =
        "This chart needs plotly.js, which the set-up cell at the top of the notebook loads. "
        + "Run the set-up cell, then this cell again.";

    /// <summary>
    /// A div and a script: the script draws the figure once <c>window.Plotly</c> exists, and
    /// after five seconds without it writes <see cref="MissingPlotlyMessage"/> into the div.
    /// </summary>
    public static string Render(GenericChart chart, int heightPixels = 420)
    {
        ArgumentNullException.ThrowIfNull(chart);

        var id = "tlsnb-chart-" + Guid.NewGuid().ToString("N");

        // The figure is JSON, which is also a JavaScript literal; "</" is escaped so that no
        // title or label can close the script element.
        var figure = GenericChart.toFigureJson(chart)
            .Replace("</", "<\\/", StringComparison.Ordinal);
        var missing = WebUtility.HtmlEncode(MissingPlotlyMessage);

        return $$"""
            <div id="{{id}}" class="tlsnb-chart" style="width:100%;height:{{heightPixels}}px;"></div>
            <script type="text/javascript">
            (function () {
              var figure = {{figure}};
              var config = { responsive: true, displaylogo: false };
              // Fill the output's width; write log-axis ticks as powers of ten (10^20, not 100E).
              figure.layout.width = undefined;
              figure.layout.autosize = true;
              figure.layout.height = {{heightPixels}};
              Object.keys(figure.layout).forEach(function (key) {
                var axis = figure.layout[key];
                if (/^[xy]axis/.test(key) && axis && axis.type === "log") {
                  axis.exponentformat = "power";
                }
              });
              function draw() {
                window.Plotly.newPlot("{{id}}", figure.data, figure.layout, config);
              }
              if (window.Plotly) { draw(); return; }
              var waited = 0;
              var timer = setInterval(function () {
                if (window.Plotly) { clearInterval(timer); draw(); }
                else if ((waited += 100) >= 5000) {
                  clearInterval(timer);
                  document.getElementById("{{id}}").innerHTML = "<p><em>{{missing}}</em></p>";
                }
              }, 100);
            })();
            </script>
            """;
    }
}
