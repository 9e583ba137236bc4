using System.Text.Json.Nodes;
using TlsNotebooks.Tools.Notebooks;

namespace TlsNotebooks.Tools.Coursework;

/// <summary>
/// The notebook a student gets: every solution region replaced by a stub that throws
/// <see cref="NotImplementedException"/> with a friendly message, hidden tests removed, outputs
/// cleared, all metadata kept (the grader finds the answer cells by their nbgrader grade_id).
/// </summary>
public static class StudentVersion
{
    /// <summary>What nbgrader puts in a markdown solution region; the same here.</summary>
    public const string TextStub = "YOUR ANSWER HERE";

    /// <summary>The lines that replace a solution region of an exercise.</summary>
    public static IReadOnlyList<string> CodeStub(string? exerciseId) =>
    [
        "// YOUR CODE HERE",
        "throw new NotImplementedException(\""
            + (exerciseId is null ? "This exercise" : $"Exercise {exerciseId}")
            + ": replace this line with your code, then run the check below.\");",
    ];

    /// <summary>The student version of a teacher notebook.</summary>
    public static NotebookFile Make(TeacherNotebook teacher)
    {
        var student = teacher.Notebook.Clone();
        var exerciseOfAnswer = teacher.GradeCells
            .Where(g => g.AnswerGradeId is not null)
            .GroupBy(g => g.AnswerGradeId!)
            .ToDictionary(g => g.Key, g => g.First().ExerciseId, StringComparer.Ordinal);

        for (var i = 0; i < student.Cells.Count; i++)
        {
            var cell = student.Cells[i]!;
            var where = $"{teacher.Notebook.Name}, cell {i + 1}";
            var source = NotebookFile.SourceOf(cell);
            var isCode = cell["cell_type"]?.GetValue<string>() == "code";
            var meta = NbgraderMetadata.Read(cell);
            var exercise = meta is not null
                && exerciseOfAnswer.TryGetValue(meta.GradeId, out var id) ? id : null;

            var stub = isCode ? CodeStub(exercise) : [TextStub];
            var rewritten = Markers.RemoveHiddenTests(
                Markers.ReplaceSolutions(source, stub, where), where);
            if (meta is { Solution: true } && !Markers.HasSolution(source))
            {
                // nbgrader replaces a whole solution cell that has no region.
                rewritten = string.Join('\n', stub);
            }

            if (rewritten != source)
            {
                SetSource(cell, rewritten);
            }

            if (isCode)
            {
                cell["outputs"] = new JsonArray();
                cell["execution_count"] = null;
            }
        }

        return student;
    }

    /// <summary>Writes the student versions of every teacher notebook into a folder.</summary>
    /// <returns>The paths written, in order.</returns>
    public static IReadOnlyList<string> WriteFolder(
        IEnumerable<TeacherNotebook> teachers,
        string outFolder)
    {
        Directory.CreateDirectory(outFolder);
        var written = new List<string>();
        foreach (var teacher in teachers)
        {
            var path = Path.Combine(outFolder, teacher.FileName);
            Make(teacher).Save(path);
            written.Add(path);
        }

        return written;
    }

    /// <summary>Sets a cell's source as a list of lines, as Jupyter writes it.</summary>
    internal static void SetSource(JsonNode cell, string source)
    {
        var lines = new JsonArray();
        var parts = source.Split('\n');
        for (var i = 0; i < parts.Length; i++)
        {
            var line = i < parts.Length - 1 ? parts[i] + "\n" : parts[i];
            if (line.Length > 0)
            {
                lines.Add(line);
            }
        }

        cell["source"] = lines;
    }
}
