using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using TlsNotebooks.Tools.Notebooks;

namespace TlsNotebooks.Tools.Coursework;

/// <summary>One exercise of one student.</summary>
/// <param name="Notebook">The notebook's file name without extension.</param>
/// <param name="Exercise">The exercise id, such as "00.1".</param>
/// <param name="GradeId">The check cell's nbgrader grade_id.</param>
/// <param name="Points">Points earned.</param>
/// <param name="MaxPoints">Points the exercise is worth.</param>
/// <param name="Passed">Whether it earned all its points.</param>
/// <param name="Message">What the check said (its sentence and hint, never the answer).</param>
/// <param name="Error">An error in the student's answer cell, or why the check did not run.</param>
public sealed record ExerciseScore(
    string Notebook,
    string Exercise,
    string GradeId,
    double Points,
    double MaxPoints,
    bool Passed,
    string Message,
    string? Error);

/// <summary>One notebook of one student.</summary>
/// <param name="Notebook">The notebook's file name without extension.</param>
/// <param name="Submitted">Whether the student handed it in.</param>
/// <param name="Seconds">How long it ran.</param>
/// <param name="Stopped">Why the run stopped early (time limit, kernel exit), or null.</param>
/// <param name="Notes">What the grader repaired (deleted cells put back, ...).</param>
/// <param name="Exercises">The scores.</param>
public sealed record NotebookScore(
    string Notebook,
    bool Submitted,
    double Seconds,
    string? Stopped,
    IReadOnlyList<string> Notes,
    IReadOnlyList<ExerciseScore> Exercises);

/// <summary>Everything graded for one student; saved as JSON so a later run can resume.</summary>
public sealed record StudentResult(
    string Student,
    DateTimeOffset GradedAt,
    double Seconds,
    IReadOnlyList<NotebookScore> Notebooks)
{
    public double Points => Notebooks.Sum(n => n.Exercises.Sum(e => e.Points));

    public double MaxPoints => Notebooks.Sum(n => n.Exercises.Sum(e => e.MaxPoints));
}

/// <summary>Reads the scores from an executed notebook, by nbgrader's rules.</summary>
/// <remarks>
/// nbgrader scores an autograded check cell zero if it shows an error; else a number it shows
/// as its value, between 0 and the cell's points, is partial credit; else it earns all its
/// points. In grading mode the notebook layer's checks throw on a wrong answer, so a wrong
/// answer is an error.
/// </remarks>
public static partial class Scores
{
    private const int MaxMessageLength = 400;

    /// <summary>The scores of a teacher notebook's check cells in the executed notebook.</summary>
    public static NotebookScore Read(
        TeacherNotebook teacher,
        NotebookResult run,
        IReadOnlyList<string> notes)
    {
        var executed = run.Executed
            ?? throw new ArgumentException("The run kept no executed notebook.", nameof(run));
        var byId = new Dictionary<string, (JsonNode Cell, int CodeNumber)>(StringComparer.Ordinal);
        var codeNumber = 0;
        foreach (var cell in executed.Cells)
        {
            if (cell?["cell_type"]?.GetValue<string>() != "code")
            {
                continue;
            }

            codeNumber++;
            if (NbgraderMetadata.Read(cell) is { GradeId.Length: > 0 } meta)
            {
                byId.TryAdd(meta.GradeId, (cell, codeNumber));
            }
        }

        var ran = run.Cells.ToDictionary(c => c.CodeCellNumber);
        var scores = new List<ExerciseScore>();
        foreach (var grade in teacher.GradeCells)
        {
            var answerError = grade.AnswerGradeId is { } answerId
                && byId.TryGetValue(answerId, out var answer)
                && ran.TryGetValue(answer.CodeNumber, out var answerRun)
                ? Clean(answerRun.Error)
                : null;

            if (!byId.TryGetValue(grade.GradeId, out var check)
                || !ran.TryGetValue(check.CodeNumber, out var checkRun))
            {
                var why = run.Stopped is not null
                    ? "The check did not run: " + Clean(run.Stopped)
                    : "The check did not run.";
                scores.Add(new ExerciseScore(
                    teacher.Notebook.Name, grade.ExerciseId, grade.GradeId, 0, grade.Points,
                    false, why, answerError ?? Clean(run.Stopped)));
                continue;
            }

            if (checkRun.Error is { } error)
            {
                scores.Add(new ExerciseScore(
                    teacher.Notebook.Name, grade.ExerciseId, grade.GradeId, 0, grade.Points,
                    false, Clean(error)!, answerError));
                continue;
            }

            var outputs = check.Cell["outputs"] as JsonArray ?? [];
            var points = PartialCredit(outputs, grade.Points) ?? grade.Points;
            scores.Add(new ExerciseScore(
                teacher.Notebook.Name, grade.ExerciseId, grade.GradeId, points, grade.Points,
                points >= grade.Points, MessageOf(outputs), answerError));
        }

        return new NotebookScore(
            teacher.Notebook.Name, true, Math.Round(run.Seconds, 1), Clean(run.Stopped), notes,
            scores);
    }

    /// <summary>Zero for every exercise of a notebook that could not be run.</summary>
    public static NotebookScore Missing(TeacherNotebook teacher, bool submitted, string why) =>
        new(teacher.Notebook.Name, submitted, 0, null, [],
            teacher.GradeCells.Select(g => new ExerciseScore(
                teacher.Notebook.Name, g.ExerciseId, g.GradeId, 0, g.Points, false, why, why))
                .ToList());

    /// <summary>
    /// The first line of an error without the exception's type name, short enough for a
    /// gradebook cell.
    /// </summary>
    public static string? Clean(string? error)
    {
        if (string.IsNullOrWhiteSpace(error))
        {
            return null;
        }

        var line = error.Trim().Split('\n')[0].Trim();
        line = ExceptionPrefix().Replace(line, "");

        // "... exited. Its standard error ended with:" introduces lines left out here.
        var lastSentence = line.LastIndexOf(". ", StringComparison.Ordinal);
        if (line.EndsWith(':') && lastSentence > 0)
        {
            line = line[..(lastSentence + 1)];
        }

        return line.Length <= MaxMessageLength ? line : line[..MaxMessageLength] + "…";
    }

    private static double? PartialCredit(JsonArray outputs, double max)
    {
        foreach (var output in outputs)
        {
            if (output?["output_type"]?.GetValue<string>() != "execute_result")
            {
                continue;
            }

            var text = output["data"]?["text/plain"] switch
            {
                JsonValue v => v.GetValue<string>(),
                JsonArray lines => string.Concat(lines.Select(l => l?.GetValue<string>())),
                _ => null,
            };
            if (double.TryParse(text?.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture,
                    out var value) && value > 0 && value <= max)
            {
                return value;
            }
        }

        return null;
    }

    private static string MessageOf(JsonArray outputs)
    {
        foreach (var output in outputs)
        {
            var html = JupyterOutputs.HtmlOf(output);
            if (ExerciseBox().Match(html) is { Success: true } box)
            {
                return Clean(WebUtility.HtmlDecode(box.Groups["text"].Value)) ?? "";
            }
        }

        foreach (var output in outputs)
        {
            if (output?["data"]?["text/plain"] is JsonValue text)
            {
                return Clean(text.GetValue<string>()) ?? "";
            }
        }

        return "The check ran without error.";
    }

    // "Some.Namespace.SomeException: message" -> "message".
    [GeneratedRegex("^(?:[A-Za-z_][A-Za-z0-9_]*\\.)*[A-Za-z_][A-Za-z0-9_]*(?:Exception|Error): ")]
    private static partial Regex ExceptionPrefix();

    [GeneratedRegex("<div class=\"tlsnb-exercise\"[^>]*>(?<text>[^<]*)</div>")]
    private static partial Regex ExerciseBox();
}
