using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using TlsNotebooks.Tools.Notebooks;

namespace TlsNotebooks.Tools.Coursework;

/// <summary>
/// Prepares a submitted notebook for grading the way nbgrader's autograde does: the student's
/// answer cells and free cells stay; every check cell and locked cell gets the teacher's source
/// back, hidden tests included; a check or locked cell the student deleted is put back after
/// the cell it followed in the teacher's notebook.
/// </summary>
public static partial class Submission
{
    /// <summary>The notebook to run, and what was repaired on the way, for the report.</summary>
    public sealed record Prepared(NotebookFile Notebook, IReadOnlyList<string> Notes);

    /// <summary>Merges a submission with its teacher notebook.</summary>
    /// <param name="teacher">The teacher notebook, metadata complete.</param>
    /// <param name="submitted">The student's notebook as submitted.</param>
    /// <param name="runPath">Where the merged notebook will run (names it in the report).</param>
    public static Prepared Merge(TeacherNotebook teacher, NotebookFile submitted, string runPath)
    {
        var notes = new List<string>();
        var teacherCells = teacher.Notebook.Cells.Select(c => c!).ToList();
        var teacherById = new Dictionary<string, (JsonNode Cell, NbgraderMetadata Meta)>(
            StringComparer.Ordinal);
        foreach (var cell in teacherCells)
        {
            if (NbgraderMetadata.Read(cell) is { GradeId.Length: > 0 } meta
                && (meta.Solution || meta.Grade || meta.Locked))
            {
                teacherById.TryAdd(meta.GradeId, (cell, meta));
            }
        }

        var cells = submitted.Cells.Select(c => c!.DeepClone()).ToList();
        if (!cells.Any(c => NbgraderMetadata.Read(c) is not null)
            && cells.Count == teacherCells.Count && teacherById.Count > 0)
        {
            // An editor that drops cell metadata leaves the cells in place: match by position.
            for (var i = 0; i < cells.Count; i++)
            {
                if (teacherCells[i]["metadata"]?["nbgrader"] is { } meta)
                {
                    cells[i]["metadata"] ??= new JsonObject();
                    cells[i]["metadata"]!["nbgrader"] = meta.DeepClone();
                }
            }

            notes.Add("The submission had no nbgrader metadata; cells were matched by position.");
        }

        var teacherFolder = Path.GetDirectoryName(Path.GetFullPath(teacher.Notebook.Path))!;
        var merged = new List<JsonNode>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var cell in cells)
        {
            var meta = NbgraderMetadata.Read(cell);
            if (meta is null || !teacherById.TryGetValue(meta.GradeId, out var original))
            {
                merged.Add(cell);
                continue;
            }

            if (!seen.Add(meta.GradeId))
            {
                // A copy of a graded cell is the student's own scratch cell, never graded twice.
                cell["metadata"]!.AsObject().Remove("nbgrader");
                merged.Add(cell);
                continue;
            }

            if (original.Meta.Restored)
            {
                merged.Add(TeacherCopy(original.Cell, teacherFolder, original.Meta.Grade));
            }
            else
            {
                cell["cell_type"] = original.Cell["cell_type"]!.GetValue<string>();
                cell["metadata"]!["nbgrader"] = original.Cell["metadata"]!["nbgrader"]!.DeepClone();
                merged.Add(cell);
            }
        }

        // Put back what the student deleted, after the cell that came before it.
        JsonNode? previous = null;
        foreach (var cell in teacherCells)
        {
            var meta = NbgraderMetadata.Read(cell);
            if (meta is null || !teacherById.ContainsKey(meta.GradeId))
            {
                continue;
            }

            if (seen.Add(meta.GradeId))
            {
                var restored = meta.Restored
                    ? TeacherCopy(cell, teacherFolder, meta.Grade)
                    : StubCopy(teacher, cell);
                var at = previous is null ? 0 : merged.IndexOf(previous) + 1;
                merged.Insert(at, restored);
                notes.Add(meta.Restored
                    ? $"Cell {meta.GradeId} was missing and was put back."
                    : $"Answer cell {meta.GradeId} was missing; it counts as unanswered.");
                previous = restored;
            }
            else
            {
                previous = merged.First(c => NbgraderMetadata.Read(c)?.GradeId == meta.GradeId);
            }
        }

        foreach (var cell in merged.Where(c => c["cell_type"]?.GetValue<string>() == "code"))
        {
            cell["outputs"] = new JsonArray();
            cell["execution_count"] = null;
        }

        var root = (JsonObject)submitted.Root.DeepClone();
        root["metadata"] = teacher.Notebook.Root["metadata"]?.DeepClone();
        root["cells"] = new JsonArray(merged.Select(c => (JsonNode?)c.DeepClone()).ToArray());
        return new Prepared(NotebookFile.FromJson(runPath, root), notes);
    }

    /// <summary>
    /// A teacher cell with its relative <c>#r "..."</c> paths made absolute, so that it loads
    /// the library from the repository while the kernel runs in a copy of the submission. In a
    /// check cell, <c>Check.Answer</c> and <c>Check.That</c> are named in full, so that a
    /// class called Check in the student's cells cannot stand in for the notebook layer's.
    /// </summary>
    internal static JsonNode TeacherCopy(JsonNode cell, string teacherFolder, bool isCheck)
    {
        var copy = cell.DeepClone();
        var source = NotebookFile.SourceOf(copy);
        var fixedSource = RelativeReference().Replace(source, match =>
        {
            var path = match.Groups["path"].Value;
            var absolute = Path.GetFullPath(Path.Combine(teacherFolder, path)).Replace('\\', '/');
            return match.Groups["head"].Value + absolute + "\"";
        });
        if (isCheck)
        {
            fixedSource = CheckCall().Replace(fixedSource, FullCheckName + ".${method}(");
        }

        if (fixedSource != source)
        {
            StudentVersion.SetSource(copy, fixedSource);
        }

        return copy;
    }

    private static JsonNode StubCopy(TeacherNotebook teacher, JsonNode answerCell)
    {
        var student = StudentVersion.Make(teacher);
        var index = teacher.Notebook.Cells.IndexOf(answerCell);
        return student.Cells[index]!.DeepClone();
    }

    /// <summary>The notebook layer's check class, named so that nothing can shadow it.</summary>
    public const string FullCheckName = "global::TlsNotebooks.Notebook.Exercises.Check";

    // Check.Answer( or Check.That( not already qualified.
    [GeneratedRegex("(?<![\\w.:])Check\\s*\\.\\s*(?<method>Answer|That)\\s*\\(")]
    private static partial Regex CheckCall();

    // #r "relative/path.dll" (not "nuget:...", not rooted).
    [GeneratedRegex(
        "(?<head>^[ \\t]*#r[ \\t]+\")(?<path>(?!nuget:)(?![A-Za-z]:)[^\"/\\\\][^\"]*)\"",
        RegexOptions.Multiline)]
    private static partial Regex RelativeReference();
}
