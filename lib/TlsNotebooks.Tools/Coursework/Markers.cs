namespace TlsNotebooks.Tools.Coursework;

/// <summary>
/// nbgrader's region markers in cell sources: <c>BEGIN SOLUTION</c> / <c>END SOLUTION</c> around
/// an answer, <c>BEGIN HIDDEN TESTS</c> / <c>END HIDDEN TESTS</c> around checks students must
/// not see.
/// </summary>
/// <remarks>
/// As in nbgrader, a marker is any line that contains the marker's words, whatever the comment
/// syntax around them (<c>// BEGIN SOLUTION</c> in C#), and a region's marker lines go with it.
/// Regions cannot nest and must be closed in the same cell.
/// </remarks>
public static class Markers
{
    public const string BeginSolution = "BEGIN SOLUTION";
    public const string EndSolution = "END SOLUTION";
    public const string BeginHiddenTests = "BEGIN HIDDEN TESTS";
    public const string EndHiddenTests = "END HIDDEN TESTS";

    /// <summary>True when the source has a solution region.</summary>
    public static bool HasSolution(string source) =>
        source.Contains(BeginSolution, StringComparison.Ordinal);

    /// <summary>True when the source has a hidden-tests region.</summary>
    public static bool HasHiddenTests(string source) =>
        source.Contains(BeginHiddenTests, StringComparison.Ordinal);

    /// <summary>
    /// Replaces every solution region, marker lines included, by <paramref name="stub"/>,
    /// indented like the region's BEGIN line.
    /// </summary>
    /// <param name="where">Names the cell in error messages.</param>
    public static string ReplaceSolutions(
        string source,
        IReadOnlyList<string> stub,
        string where) =>
        Rewrite(source, BeginSolution, EndSolution, where, indent => stub.Select(l => indent + l));

    /// <summary>Removes every hidden-tests region, marker lines included.</summary>
    public static string RemoveHiddenTests(string source, string where) =>
        Rewrite(source, BeginHiddenTests, EndHiddenTests, where, _ => []);

    /// <summary>The lines strictly inside solution regions, as written.</summary>
    public static IReadOnlyList<string> SolutionLines(string source, string where) =>
        Inside(source, BeginSolution, EndSolution, where);

    /// <summary>The lines strictly inside hidden-tests regions, as written.</summary>
    public static IReadOnlyList<string> HiddenTestLines(string source, string where) =>
        Inside(source, BeginHiddenTests, EndHiddenTests, where);

    private static string Rewrite(
        string source,
        string begin,
        string end,
        string where,
        Func<string, IEnumerable<string>> replacement)
    {
        var output = new List<string>();
        Walk(source, begin, end, where, (line, state) =>
        {
            switch (state)
            {
                case LineState.Begin:
                    var indent = line[..(line.Length - line.TrimStart().Length)];
                    output.AddRange(replacement(indent));
                    break;
                case LineState.Outside:
                    output.Add(line);
                    break;
            }
        });
        return string.Join('\n', output);
    }

    private static List<string> Inside(string source, string begin, string end, string where)
    {
        var inside = new List<string>();
        Walk(source, begin, end, where, (line, state) =>
        {
            if (state == LineState.Inside)
            {
                inside.Add(line);
            }
        });
        return inside;
    }

    private enum LineState
    {
        Outside,
        Begin,
        Inside,
        End,
    }

    private static void Walk(
        string source,
        string begin,
        string end,
        string where,
        Action<string, LineState> visit)
    {
        var inRegion = false;
        var lineNumber = 0;
        foreach (var line in source.Split('\n'))
        {
            lineNumber++;
            if (line.Contains(begin, StringComparison.Ordinal))
            {
                if (inRegion)
                {
                    throw new InvalidDataException(
                        $"{where}, line {lineNumber}: a second \"{begin}\" before \"{end}\"; "
                        + "regions cannot nest.");
                }

                inRegion = true;
                visit(line, LineState.Begin);
            }
            else if (line.Contains(end, StringComparison.Ordinal))
            {
                if (!inRegion)
                {
                    throw new InvalidDataException(
                        $"{where}, line {lineNumber}: \"{end}\" without a \"{begin}\" above it.");
                }

                inRegion = false;
                visit(line, LineState.End);
            }
            else
            {
                visit(line, inRegion ? LineState.Inside : LineState.Outside);
            }
        }

        if (inRegion)
        {
            throw new InvalidDataException(
                $"{where}: \"{begin}\" is never closed by \"{end}\" in the same cell.");
        }
    }
}
