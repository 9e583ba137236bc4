using System.Diagnostics;
using System.Text.Json;
using TlsNotebooks.Notebook.Exercises;
using TlsNotebooks.Tools.Notebooks;

namespace TlsNotebooks.Tools.Coursework;

/// <summary>How to grade a class.</summary>
public sealed record GradeOptions
{
    /// <summary>The teacher notebooks (solutions and hidden tests).</summary>
    public required string TeacherFolder { get; init; }

    /// <summary>One folder per student, named for the student.</summary>
    public required string SubmissionsFolder { get; init; }

    /// <summary>Where results, executed notebooks and reports go.</summary>
    public required string OutFolder { get; init; }

    /// <summary>How many students are graded at once (one kernel each).</summary>
    public int Parallel { get; init; } = 1;

    /// <summary>The most one notebook may take.</summary>
    public TimeSpan NotebookTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>This run's part of the class, or null for everyone.</summary>
    public Shard? Shard { get; init; }
}

/// <summary>One of <see cref="Count"/> equal parts of a class, numbered from 1.</summary>
public sealed record Shard(int Index, int Count)
{
    /// <summary>Reads "K/N", such as "3/10".</summary>
    public static Shard Parse(string text)
    {
        var parts = text.Split('/');
        if (parts.Length != 2
            || !int.TryParse(parts[0], out var k)
            || !int.TryParse(parts[1], out var n)
            || n < 1 || k < 1 || k > n)
        {
            throw new ArgumentException(
                $"--shard takes K/N with 1 <= K <= N, such as 3/10; got \"{text}\".");
        }

        return new Shard(k, n);
    }

    /// <summary>The members of this shard, by place in the ordered list.</summary>
    public IEnumerable<T> Select<T>(IReadOnlyList<T> ordered) =>
        ordered.Where((_, i) => i % Count == Index - 1);

    public override string ToString() => $"{Index}/{Count}";
}

/// <summary>What a grading run did.</summary>
public sealed record GradeRun(
    IReadOnlyList<StudentResult> Graded,
    IReadOnlyList<string> Resumed,
    IReadOnlyList<string> ReportFiles);

/// <summary>
/// Grades a folder of submissions: for each student, in a private copy of their folder, each
/// notebook with exercises is merged with its teacher notebook and run in the real kernel with
/// a time limit; the scores are saved per student, then the class report is written.
/// </summary>
/// <remarks>
/// Students' cells run with the rights of the account that runs the grader: the kernel can do
/// anything that account can. The copy keeps a cell that reads "data.bin" from reading a file
/// beside the submission or in the grader's folder by accident; it is no sandbox. Grade
/// untrusted work in a throw-away container or CI runner.
/// </remarks>
public static class Grader
{
    /// <summary>Folders a submission copy leaves out: history and build output.</summary>
    private static readonly HashSet<string> s_skippedFolders =
        new(StringComparer.OrdinalIgnoreCase) { ".git", "bin", "obj", "artifacts", "node_modules" };

    private static readonly JsonSerializerOptions s_json = new() { WriteIndented = true };

    /// <summary>The file a student's results are saved in, under the output folder.</summary>
    public static string ResultPath(string outFolder, string student) =>
        Path.Combine(outFolder, "students", student, "result.json");

    public static async Task<GradeRun> GradeAsync(
        GradeOptions options,
        Action<string>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var teachers = TeacherNotebook.LoadFolder(options.TeacherFolder)
            .Where(t => t.HasExercises)
            .ToList();
        if (teachers.Count == 0)
        {
            throw new InvalidDataException(
                $"No notebook in {options.TeacherFolder} has an exercise to grade.");
        }

        if (!Directory.Exists(options.SubmissionsFolder))
        {
            throw new DirectoryNotFoundException(
                $"No submissions folder at {options.SubmissionsFolder}.");
        }

        var everyone = Directory.GetDirectories(options.SubmissionsFolder)
            .Select(Path.GetFileName)
            .OfType<string>()
            .Where(name => !name.StartsWith('.'))
            .Order(StringComparer.Ordinal)
            .ToList();
        var students = (options.Shard?.Select(everyone) ?? everyone).ToList();

        var resumed = students
            .Where(s => LoadResult(ResultPath(options.OutFolder, s)) is not null)
            .ToList();
        var toGrade = students.Except(resumed).ToList();
        var inShard = options.Shard is { } shard ? $" in shard {shard}" : "";
        progress?.Invoke(
            $"{students.Count} student(s){inShard}: "
            + $"{resumed.Count} already graded, {toGrade.Count} to grade, "
            + $"{teachers.Count} notebook(s) with exercises each, {options.Parallel} at a time.");

        var graded = new List<StudentResult>();
        var done = 0;
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(
            toGrade,
            new ParallelOptions
            {
                MaxDegreeOfParallelism = Math.Max(1, options.Parallel),
                CancellationToken = cancellationToken,
            },
            async (student, token) =>
            {
                var result = await GradeStudentAsync(options, teachers, student, token);
                SaveResult(ResultPath(options.OutFolder, student), result);
                lock (graded)
                {
                    graded.Add(result);
                    done++;
                    var left = toGrade.Count - done;
                    var eta = left == 0
                        ? ""
                        : $", about {clock.Elapsed / done * left:hh\\:mm\\:ss} left";
                    progress?.Invoke(
                        $"[{done}/{toGrade.Count}] {student}: "
                        + $"{result.Points:0.##}/{result.MaxPoints:0.##} points "
                        + $"in {result.Seconds:0} s{eta}");
                }
            });

        var all = LoadResults(options.OutFolder);
        var files = GradeReport.Write(all, options.OutFolder);
        return new GradeRun(graded.OrderBy(r => r.Student, StringComparer.Ordinal).ToList(),
            resumed, files);
    }

    /// <summary>Grades one student; never throws for anything the submission does.</summary>
    public static async Task<StudentResult> GradeStudentAsync(
        GradeOptions options,
        IReadOnlyList<TeacherNotebook> teachers,
        string student,
        CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var source = Path.Combine(options.SubmissionsFolder, student);
        var copy = Directory.CreateTempSubdirectory("tlsnb-grade-").FullName;
        var notebooks = new List<NotebookScore>();
        try
        {
            var workFolder = Path.Combine(copy, student);
            CopyFolder(source, workFolder);
            foreach (var teacher in teachers)
            {
                notebooks.Add(await GradeNotebookAsync(
                    options, teacher, student, workFolder, cancellationToken));
            }
        }
        finally
        {
            TryDelete(copy);
        }

        return new StudentResult(
            student, DateTimeOffset.UtcNow, Math.Round(clock.Elapsed.TotalSeconds, 1), notebooks);
    }

    private static async Task<NotebookScore> GradeNotebookAsync(
        GradeOptions options,
        TeacherNotebook teacher,
        string student,
        string workFolder,
        CancellationToken cancellationToken)
    {
        var submittedPath = FindSubmitted(workFolder, teacher.FileName);
        if (submittedPath is null)
        {
            return Scores.Missing(teacher, submitted: false,
                $"{teacher.FileName} was not submitted.");
        }

        try
        {
            var submitted = NotebookFile.Load(submittedPath);
            var prepared = Submission.Merge(teacher, submitted, submittedPath);
            var run = await NotebookRunner.RunAsync(
                prepared.Notebook,
                Path.Combine(options.OutFolder, "students", student, teacher.FileName),
                new NotebookRunOptions
                {
                    CellTimeout = options.NotebookTimeout,
                    NotebookTimeout = options.NotebookTimeout,
                    ContinueAfterErrors = true,
                    WorkingDirectory = Path.GetDirectoryName(submittedPath),
                    Environment = new Dictionary<string, string>
                    {
                        [Grading.EnvironmentVariable] = "autograde",
                    },
                },
                cancellationToken: cancellationToken);
            return Scores.Read(teacher, run, prepared.Notes);
        }
        catch (Exception e) when (e is InvalidDataException or JsonException or IOException)
        {
            return Scores.Missing(teacher, submitted: true,
                $"{teacher.FileName} could not be graded: {Scores.Clean(e.Message)}");
        }
    }

    /// <summary>
    /// The submitted notebook with this file name: the shallowest match, so that both a flat
    /// folder and a clone of the repository (notebooks/ inside) work.
    /// </summary>
    private static string? FindSubmitted(string folder, string fileName) =>
        Directory.EnumerateFiles(folder, fileName, SearchOption.AllDirectories)
            .OrderBy(p => p.Count(c => c == Path.DirectorySeparatorChar))
            .ThenBy(p => p, StringComparer.Ordinal)
            .FirstOrDefault();

    /// <summary>The saved results of every student under an output folder.</summary>
    public static IReadOnlyList<StudentResult> LoadResults(string outFolder)
    {
        var folder = Path.Combine(outFolder, "students");
        return Directory.Exists(folder)
            ? Directory.GetDirectories(folder)
                .Select(d => LoadResult(Path.Combine(d, "result.json")))
                .OfType<StudentResult>()
                .OrderBy(r => r.Student, StringComparer.Ordinal)
                .ToList()
            : [];
    }

    internal static StudentResult? LoadResult(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<StudentResult>(File.ReadAllText(path), s_json);
        }
        catch (JsonException)
        {
            // A result cut short by a killed run: grade that student again.
            return null;
        }
    }

    internal static void SaveResult(string path, StudentResult result)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(result, s_json));
        File.Move(temporary, path, overwrite: true);
    }

    private static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        // Links are left out: a link could point anywhere on the grader's machine.
        foreach (var file in Directory.GetFiles(from))
        {
            if (new FileInfo(file).LinkTarget is null)
            {
                File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
            }
        }

        foreach (var folder in Directory.GetDirectories(from))
        {
            var name = Path.GetFileName(folder);
            var info = new DirectoryInfo(folder);
            if (!s_skippedFolders.Contains(name) && info.LinkTarget is null)
            {
                CopyFolder(folder, Path.Combine(to, name));
            }
        }
    }

    private static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A kernel that has not quite let go of a file; the temp folder is cleaned later.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
