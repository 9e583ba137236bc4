using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using TlsNotebooks.Notebook.Exercises;
using TlsNotebooks.Tools.Notebooks;

namespace TlsNotebooks.Tools.Coursework;

/// <summary>A scored cell of a teacher notebook: an nbgrader "Autograder tests" cell.</summary>
/// <param name="GradeId">The cell's nbgrader grade_id.</param>
/// <param name="ExerciseId">The exercise its check names ("00.1"), else the grade_id.</param>
/// <param name="Points">What the cell is worth (nbgrader's points).</param>
/// <param name="CellIndex">Its place among all cells, counting from 0.</param>
/// <param name="AnswerGradeId">The grade_id of the answer cell it checks, if any.</param>
public sealed record GradeCell(
    string GradeId,
    string ExerciseId,
    double Points,
    int CellIndex,
    string? AnswerGradeId);

/// <summary>
/// A teacher notebook with complete nbgrader metadata: solutions, checks and hidden tests, and
/// which cell is which.
/// </summary>
/// <remarks>
/// Cells that already carry nbgrader metadata keep it. Code cells without it get it from the
/// notebook's own conventions:
/// <list type="bullet">
/// <item>a cell with a <c>BEGIN SOLUTION</c> region is an answer cell (solution, not locked),
/// <c>answer-ID</c>;</item>
/// <item>the first code cell after an answer cell that calls <c>Check.Answer("ID", ...)</c> or
/// <c>Check.That("ID", ...)</c>, and any cell with hidden tests, is a check cell (grade,
/// locked, worth the exercise's points in the notebook layer), <c>check-ID</c>;</item>
/// <item>a cell with a <c>#r</c> directive is the set-up cell, locked so that the grader runs
/// the teacher's, <c>setup</c>.</item>
/// </list>
/// ID is the exercise id with its dots as dashes ("00.1" becomes "00-1").
/// </remarks>
public sealed partial class TeacherNotebook
{
    private TeacherNotebook(NotebookFile notebook, IReadOnlyList<GradeCell> gradeCells)
    {
        Notebook = notebook;
        GradeCells = gradeCells;
    }

    /// <summary>The notebook with its nbgrader metadata complete.</summary>
    public NotebookFile Notebook { get; }

    /// <summary>The file name without its folder, such as "00-start-here.ipynb".</summary>
    public string FileName => Path.GetFileName(Notebook.Path);

    /// <summary>The check cells, in order.</summary>
    public IReadOnlyList<GradeCell> GradeCells { get; }

    /// <summary>True when the notebook has at least one scored exercise.</summary>
    public bool HasExercises => GradeCells.Count > 0;

    /// <summary>All points the notebook offers.</summary>
    public double MaxPoints => GradeCells.Sum(g => g.Points);

    /// <summary>Reads a teacher notebook and completes its metadata in memory.</summary>
    public static TeacherNotebook Load(string path) => Annotate(NotebookFile.Load(path));

    /// <summary>The *.ipynb files of a folder, in name order, metadata complete.</summary>
    public static IReadOnlyList<TeacherNotebook> LoadFolder(string folder) =>
        Directory.Exists(folder)
            ? Directory.GetFiles(folder, "*.ipynb")
                .Order(StringComparer.Ordinal)
                .Select(Load)
                .ToList()
            : throw new DirectoryNotFoundException($"No folder of teacher notebooks at {folder}.");

    /// <summary>
    /// A copy of <paramref name="source"/> with nbgrader metadata added where the conventions
    /// call for it.
    /// </summary>
    /// <exception cref="InvalidDataException">
    /// The metadata breaks nbgrader's schema or the conventions (the message lists every
    /// problem).
    /// </exception>
    public static TeacherNotebook Annotate(NotebookFile source)
    {
        var notebook = source.Clone();
        var cells = notebook.Cells;
        string? pendingAnswer = null;
        var setupCount = 0;
        for (var i = 0; i < cells.Count; i++)
        {
            var cell = cells[i]!;
            if (cell["cell_type"]?.GetValue<string>() != "code")
            {
                continue;
            }

            var code = NotebookFile.SourceOf(cell);
            var existing = NbgraderMetadata.Read(cell);
            if (existing is not null)
            {
                pendingAnswer = existing.Solution ? existing.GradeId : pendingAnswer;
                if (existing.Grade)
                {
                    pendingAnswer = null;
                }

                continue;
            }

            var exercise = ExerciseIdIn(code) ?? ExerciseIdAfter(cells, i);
            if (Markers.HasSolution(code))
            {
                var id = "answer-" + Slug(exercise ?? $"cell-{i + 1}");
                new NbgraderMetadata(id, Solution: true, Grade: false, Locked: false, null)
                    .WriteTo(cell);
                pendingAnswer = id;
            }
            else if (Markers.HasHiddenTests(code)
                || (pendingAnswer is not null && ExerciseIdIn(code) is not null))
            {
                var id = ExerciseIdIn(code) is { } checkedId
                    ? "check-" + Slug(checkedId)
                    : "check-" + Slug($"cell-{i + 1}");
                new NbgraderMetadata(id, Solution: false, Grade: true, Locked: true,
                    PointsOf(ExerciseIdIn(code))).WriteTo(cell);
                pendingAnswer = null;
            }
            else if (SetupDirective().IsMatch(code))
            {
                setupCount++;
                var id = setupCount == 1 ? "setup" : $"setup-{setupCount}";
                new NbgraderMetadata(id, Solution: false, Grade: false, Locked: true, null)
                    .WriteTo(cell);
            }
        }

        var problems = Problems(notebook).ToList();
        if (problems.Count > 0)
        {
            throw new InvalidDataException(string.Join('\n', problems));
        }

        return new TeacherNotebook(notebook, FindGradeCells(notebook));
    }

    /// <summary>
    /// Everything wrong with a notebook's coursework metadata, as it stands (nothing is
    /// inferred): nbgrader's schema, unique ids, markers inside the right kind of cell, points
    /// that match the notebook layer's exercise, and the kernelspec language nbgrader keys its
    /// code stub by.
    /// </summary>
    public static IEnumerable<string> Problems(NotebookFile notebook)
    {
        var language = notebook.Root["metadata"]?["kernelspec"]?["language"]?.GetValue<string>();
        if (language != "C#")
        {
            yield return $"{notebook.Name}: metadata.kernelspec.language is "
                + $"\"{language ?? "missing"}\"; nbgrader picks the code stub by it and expects "
                + "\"C#\" for this collection.";
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        var cells = notebook.Cells;
        for (var i = 0; i < cells.Count; i++)
        {
            var cell = cells[i]!;
            var where = $"{notebook.Name}, cell {i + 1}";
            foreach (var problem in NbgraderMetadata.Validate(cell, where))
            {
                yield return problem;
            }

            var code = NotebookFile.SourceOf(cell);
            var meta = NbgraderMetadata.Read(cell);
            if (meta is not null && (meta.Grade || meta.Solution || meta.Locked)
                && meta.GradeId.Length > 0 && !ids.Add(meta.GradeId))
            {
                yield return $"{where}: grade_id \"{meta.GradeId}\" is used twice.";
            }

            if (Markers.HasSolution(code) && meta?.Solution != true)
            {
                yield return $"{where}: has a {Markers.BeginSolution} region but is not a "
                    + "solution cell.";
            }

            if (Markers.HasHiddenTests(code) && meta?.Grade != true)
            {
                yield return $"{where}: has hidden tests but is not a grade cell.";
            }

            if (meta is { Grade: true, Solution: true })
            {
                yield return $"{where}: a manually graded answer; tlsnb grade scores only "
                    + "autograded cells.";
            }

            string? markerProblem = null;
            try
            {
                Markers.SolutionLines(code, where);
                Markers.HiddenTestLines(code, where);
            }
            catch (InvalidDataException e)
            {
                markerProblem = e.Message;
            }

            if (markerProblem is not null)
            {
                yield return markerProblem;
            }

            if (meta is { Grade: true, Points: { } points } && ExerciseIdIn(code) is { } id
                && Check.All.TryGetValue(id, out var exercise) && exercise.Points != points)
            {
                yield return $"{where}: worth {meta.PointsText} points in its metadata but "
                    + $"exercise {id} is worth {exercise.Points} in the notebook layer.";
            }
        }
    }

    /// <summary>The exercise id the first check call in <paramref name="code"/> names.</summary>
    public static string? ExerciseIdIn(string code) =>
        CheckCall().Match(code) is { Success: true } match ? match.Groups[1].Value : null;

    /// <summary>Turns an exercise id into grade_id characters: "00.1" becomes "00-1".</summary>
    public static string Slug(string text) => InvalidIdCharacters().Replace(text, "-");

    private static IReadOnlyList<GradeCell> FindGradeCells(NotebookFile notebook)
    {
        var found = new List<GradeCell>();
        string? answer = null;
        for (var i = 0; i < notebook.Cells.Count; i++)
        {
            var cell = notebook.Cells[i]!;
            var meta = NbgraderMetadata.Read(cell);
            if (meta is { Solution: true, Grade: false })
            {
                answer = meta.GradeId;
            }
            else if (meta is { Grade: true, Solution: false }
                && cell["cell_type"]?.GetValue<string>() == "code")
            {
                var exercise = ExerciseIdIn(NotebookFile.SourceOf(cell)) ?? meta.GradeId;
                found.Add(new GradeCell(meta.GradeId, exercise, meta.Points ?? 0, i, answer));
                answer = null;
            }
        }

        return found;
    }

    // The exercise of the first check call after an answer cell, before the next answer cell.
    private static string? ExerciseIdAfter(JsonArray cells, int index)
    {
        for (var j = index + 1; j < cells.Count; j++)
        {
            if (cells[j]?["cell_type"]?.GetValue<string>() != "code")
            {
                continue;
            }

            var code = NotebookFile.SourceOf(cells[j]!);
            if (Markers.HasSolution(code))
            {
                return null;
            }

            if (ExerciseIdIn(code) is { } id)
            {
                return id;
            }
        }

        return null;
    }

    private static double PointsOf(string? exerciseId) =>
        exerciseId is not null && Check.All.TryGetValue(exerciseId, out var exercise)
            ? exercise.Points
            : 1;

    [GeneratedRegex("Check\\s*\\.\\s*(?:Answer|That)\\s*\\(\\s*\"([^\"]+)\"")]
    private static partial Regex CheckCall();

    [GeneratedRegex("^\\s*#r\\s", RegexOptions.Multiline)]
    private static partial Regex SetupDirective();

    [GeneratedRegex("[^a-zA-Z0-9_\\-]")]
    private static partial Regex InvalidIdCharacters();
}
