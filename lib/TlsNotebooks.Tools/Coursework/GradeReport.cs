using System.Globalization;
using System.Net;
using System.Text;

namespace TlsNotebooks.Tools.Coursework;

/// <summary>
/// The class report: grades.csv (one row per student, for a gradebook), results.csv (one row
/// per student and exercise, with the check's message and errors), summary.md and summary.html
/// (the class's results per exercise as a chart, students, errors). Everything is offline: the
/// chart is plain SVG, written into the HTML and beside the Markdown.
/// </summary>
public static class GradeReport
{
    public const string GradesCsv = "grades.csv";
    public const string ResultsCsv = "results.csv";
    public const string SummaryMarkdown = "summary.md";
    public const string SummaryHtml = "summary.html";
    public const string ChartSvg = "chart.svg";

    private static readonly CultureInfo s_invariant = CultureInfo.InvariantCulture;

    /// <summary>One exercise column of the report.</summary>
    public sealed record Column(string Notebook, string Exercise, string GradeId, double MaxPoints)
    {
        public string Key => $"{Notebook}/{GradeId}";
    }

    /// <summary>Writes the report files into the folder; returns their paths.</summary>
    public static IReadOnlyList<string> Write(
        IReadOnlyList<StudentResult> results,
        string outFolder)
    {
        Directory.CreateDirectory(outFolder);
        var columns = Columns(results);
        var files = new List<string>
        {
            WriteFile(outFolder, GradesCsv, Grades(results, columns)),
            WriteFile(outFolder, ResultsCsv, Details(results)),
            WriteFile(outFolder, ChartSvg, Chart(results, columns)),
            WriteFile(outFolder, SummaryMarkdown, Markdown(results, columns)),
            WriteFile(outFolder, SummaryHtml, Html(results, columns)),
        };
        return files;
    }

    /// <summary>The exercises that appear in any result, in notebook then check order.</summary>
    public static IReadOnlyList<Column> Columns(IEnumerable<StudentResult> results)
    {
        var columns = new List<Column>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var notebook in results.SelectMany(r => r.Notebooks))
        {
            foreach (var e in notebook.Exercises)
            {
                var column = new Column(e.Notebook, e.Exercise, e.GradeId, e.MaxPoints);
                if (seen.Add(column.Key))
                {
                    columns.Add(column);
                }
            }
        }

        return columns.OrderBy(c => c.Notebook, StringComparer.Ordinal).ToList();
    }

    /// <summary>grades.csv: student, total, out of, then the points of each exercise.</summary>
    public static string Grades(IReadOnlyList<StudentResult> results, IReadOnlyList<Column> columns)
    {
        var csv = new StringBuilder();
        Row(csv,
        [
            "student", "total", "max",
            .. columns.Select(c => $"{c.Exercise} ({Number(c.MaxPoints)})"),
        ]);
        foreach (var result in results)
        {
            var points = Points(result);
            Row(csv,
            [
                result.Student, Number(result.Points), Number(result.MaxPoints),
                .. columns.Select(c => points.TryGetValue(c.Key, out var p) ? Number(p) : ""),
            ]);
        }

        return csv.ToString();
    }

    /// <summary>results.csv: one row per student and exercise.</summary>
    public static string Details(IReadOnlyList<StudentResult> results)
    {
        var csv = new StringBuilder();
        Row(csv, ["student", "notebook", "exercise", "grade_id", "points", "max_points", "passed",
            "message", "error"]);
        foreach (var result in results)
        {
            foreach (var e in result.Notebooks.SelectMany(n => n.Exercises))
            {
                Row(csv,
                [
                    result.Student, e.Notebook, e.Exercise, e.GradeId, Number(e.Points),
                    Number(e.MaxPoints), e.Passed ? "true" : "false", e.Message, e.Error ?? "",
                ]);
            }
        }

        return csv.ToString();
    }

    /// <summary>A bar per exercise: the share of the class that earned its points.</summary>
    public static string Chart(IReadOnlyList<StudentResult> results, IReadOnlyList<Column> columns)
    {
        const int barHeight = 22;
        const int labelWidth = 260;
        const int plotWidth = 420;
        var height = 40 + Math.Max(1, columns.Count) * (barHeight + 8);
        var svg = new StringBuilder();
        svg.Append(s_invariant, $"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"tlsnb-chart\" ")
            .Append(s_invariant, $"width=\"{labelWidth + plotWidth + 90}\" height=\"{height}\" ")
            .Append("font-family=\"sans-serif\" font-size=\"13\" role=\"img\" ")
            .Append("aria-label=\"Share of the class that passed each exercise\">\n")
            .Append(s_invariant, $"<text x=\"{labelWidth}\" y=\"16\" font-weight=\"bold\">")
            .Append("Share of the class that passed each exercise</text>\n");
        var y = 30;
        foreach (var column in columns)
        {
            var (passed, total) = PassCount(results, column);
            var share = total == 0 ? 0 : (double)passed / total;
            var width = share * plotWidth;
            var box = $"x=\"{labelWidth}\" y=\"{y}\" height=\"{barHeight}\"";
            svg.Append(s_invariant,
                    $"<text x=\"{labelWidth - 8}\" y=\"{y + 15}\" text-anchor=\"end\">")
                .Append(Escape($"{column.Notebook} {column.Exercise}")).Append("</text>\n")
                .Append(s_invariant, $"<rect {box} width=\"{plotWidth}\" fill=\"#eeeeee\"/>\n")
                .Append(s_invariant, $"<rect {box} width=\"{width:0.#}\" fill=\"#2e7d32\">")
                .Append(s_invariant, $"<title>{passed} of {total} students</title></rect>\n")
                .Append(s_invariant, $"<text x=\"{labelWidth + plotWidth + 6}\" y=\"{y + 15}\">")
                .Append(s_invariant, $"{share:0%} ({passed}/{total})</text>\n");
            y += barHeight + 8;
        }

        return svg.Append("</svg>\n").ToString();
    }

    /// <summary>summary.md: the class at a glance, for a README, an issue or a chat.</summary>
    public static string Markdown(
        IReadOnlyList<StudentResult> results,
        IReadOnlyList<Column> columns)
    {
        var md = new StringBuilder();
        md.AppendLine("# Grading summary").AppendLine()
            .AppendLine(Overview(results)).AppendLine()
            .AppendLine($"![Share of the class that passed each exercise]({ChartSvg})").AppendLine()
            .AppendLine("## Exercises").AppendLine()
            .AppendLine("| notebook | exercise | points | passed | mean points |")
            .AppendLine("|---|---|---:|---:|---:|");
        foreach (var column in columns)
        {
            var (passed, total) = PassCount(results, column);
            md.AppendLine($"| {Cell(column.Notebook)} | {Cell(column.Exercise)} | "
                + $"{Number(column.MaxPoints)} | {passed}/{total} | "
                + $"{Number(MeanPoints(results, column))} |");
        }

        md.AppendLine().AppendLine("## Students").AppendLine()
            .AppendLine("| student | points | out of | not passed |")
            .AppendLine("|---|---:|---:|---|");
        foreach (var result in results)
        {
            md.AppendLine($"| {Cell(result.Student)} | {Number(result.Points)} | "
                + $"{Number(result.MaxPoints)} | {Cell(NotPassed(result))} |");
        }

        var problems = Problems(results).ToList();
        md.AppendLine().AppendLine("## Errors and time-outs").AppendLine();
        if (problems.Count == 0)
        {
            md.AppendLine("None.");
        }

        foreach (var (student, notebook, text) in problems)
        {
            md.AppendLine($"- **{Cell(student)}**, {Cell(notebook)}: {Cell(text)}");
        }

        return md.ToString();
    }

    /// <summary>summary.html: the same as the Markdown, with the chart inside.</summary>
    public static string Html(IReadOnlyList<StudentResult> results, IReadOnlyList<Column> columns)
    {
        var html = new StringBuilder();
        html.AppendLine("<!DOCTYPE html>")
            .AppendLine("<html lang=\"en\"><head><meta charset=\"utf-8\">")
            .AppendLine("<title>Grading summary</title>")
            .AppendLine("<style>body{font-family:sans-serif;max-width:60em;margin:2em auto}"
                + "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:3px 8px}"
                + "td.n{text-align:right}</style></head><body>")
            .AppendLine("<h1>Grading summary</h1>")
            .AppendLine($"<p>{Escape(Overview(results))}</p>")
            .AppendLine(Chart(results, columns))
            .AppendLine("<h2>Exercises</h2><table><tr><th>notebook</th><th>exercise</th>"
                + "<th>points</th><th>passed</th><th>mean points</th></tr>");
        foreach (var column in columns)
        {
            var (passed, total) = PassCount(results, column);
            html.AppendLine($"<tr><td>{Escape(column.Notebook)}</td>"
                + $"<td>{Escape(column.Exercise)}</td>"
                + $"<td class=\"n\">{Number(column.MaxPoints)}</td>"
                + $"<td class=\"n\">{passed}/{total}</td>"
                + $"<td class=\"n\">{Number(MeanPoints(results, column))}</td></tr>");
        }

        html.AppendLine("</table><h2>Students</h2><table><tr><th>student</th><th>points</th>"
            + "<th>out of</th><th>not passed</th></tr>");
        foreach (var result in results)
        {
            html.AppendLine($"<tr><td>{Escape(result.Student)}</td>"
                + $"<td class=\"n\">{Number(result.Points)}</td>"
                + $"<td class=\"n\">{Number(result.MaxPoints)}</td>"
                + $"<td>{Escape(NotPassed(result))}</td></tr>");
        }

        html.AppendLine("</table><h2>Errors and time-outs</h2><ul>");
        foreach (var (student, notebook, text) in Problems(results))
        {
            html.AppendLine(
                $"<li><b>{Escape(student)}</b>, {Escape(notebook)}: {Escape(text)}</li>");
        }

        return html.AppendLine("</ul></body></html>").ToString();
    }

    private static string Overview(IReadOnlyList<StudentResult> results)
    {
        if (results.Count == 0)
        {
            return "No student has been graded.";
        }

        var max = results.Max(r => r.MaxPoints);
        var mean = results.Average(r => r.Points);
        var full = results.Count(r => r.Points >= r.MaxPoints && r.MaxPoints > 0);
        return $"{results.Count} student(s); mean {Number(mean)} of {Number(max)} points; "
            + $"{full} with full marks.";
    }

    private static IEnumerable<(string Student, string Notebook, string Text)> Problems(
        IEnumerable<StudentResult> results)
    {
        foreach (var result in results)
        {
            foreach (var notebook in result.Notebooks)
            {
                if (notebook.Stopped is { } stopped)
                {
                    yield return (result.Student, notebook.Notebook, stopped);
                }

                foreach (var note in notebook.Notes)
                {
                    yield return (result.Student, notebook.Notebook, note);
                }

                foreach (var e in notebook.Exercises.Where(e => e.Error is not null))
                {
                    if (e.Error != notebook.Stopped)
                    {
                        yield return (
                            result.Student, notebook.Notebook, $"{e.Exercise}: {e.Error}");
                    }
                }
            }
        }
    }

    private static string NotPassed(StudentResult result) =>
        string.Join(", ", result.Notebooks.SelectMany(n => n.Exercises)
            .Where(e => !e.Passed)
            .Select(e => e.Exercise));

    private static Dictionary<string, double> Points(StudentResult result)
    {
        var points = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var e in result.Notebooks.SelectMany(n => n.Exercises))
        {
            points[$"{e.Notebook}/{e.GradeId}"] = e.Points;
        }

        return points;
    }

    private static (int Passed, int Total) PassCount(
        IEnumerable<StudentResult> results,
        Column column)
    {
        var scores = results
            .SelectMany(r => r.Notebooks.SelectMany(n => n.Exercises))
            .Where(e => e.Notebook == column.Notebook && e.GradeId == column.GradeId)
            .ToList();
        return (scores.Count(e => e.Passed), scores.Count);
    }

    private static double MeanPoints(IEnumerable<StudentResult> results, Column column)
    {
        var scores = results
            .SelectMany(r => r.Notebooks.SelectMany(n => n.Exercises))
            .Where(e => e.Notebook == column.Notebook && e.GradeId == column.GradeId)
            .ToList();
        return scores.Count == 0 ? 0 : scores.Average(e => e.Points);
    }

    /// <summary>
    /// One CSV record (RFC 4180 §2): a field with a comma, quote or line break is quoted, its
    /// quotes doubled.
    /// </summary>
    internal static void Row(StringBuilder csv, IEnumerable<string> fields)
    {
        csv.Append(string.Join(',', fields.Select(f =>
            f.IndexOfAny([',', '"', '\n', '\r']) >= 0
                ? "\"" + f.Replace("\"", "\"\"") + "\""
                : f)));
        csv.Append("\r\n");
    }

    private static string Number(double value) => value.ToString("0.##", s_invariant);

    private static string Escape(string text) => WebUtility.HtmlEncode(text);

    // A Markdown table cell: no pipes or line breaks.
    private static string Cell(string text) =>
        text.Replace("|", "\\|", StringComparison.Ordinal).Replace('\n', ' ').Replace('\r', ' ');

    private static string WriteFile(string folder, string name, string text)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, text);
        return path;
    }
}
