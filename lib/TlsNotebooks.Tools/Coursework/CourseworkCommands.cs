using TlsNotebooks.Tools.Notebooks;

namespace TlsNotebooks.Tools.Coursework;

/// <summary>
/// <c>tlsnb student</c>, <c>grade</c>, <c>merge-reports</c>, <c>nbgrader-metadata</c> and
/// <c>sample-class</c>. Each returns the process exit code: 0 done, 1 failed, 2 bad usage.
/// </summary>
public static class CourseworkCommands
{
    /// <summary>The student version's default folder.</summary>
    public static string DefaultStudentFolder =>
        Path.Combine(Repository.Root, "artifacts", "student");

    /// <summary>The grader's default output folder.</summary>
    public static string DefaultGradesFolder =>
        Path.Combine(Repository.Root, "artifacts", "grades");

    /// <summary><c>tlsnb student [--teacher FOLDER] [--out FOLDER]</c>.</summary>
    public static int Student(string[] args)
    {
        if (!Parse(args, ["--teacher", "--out"], [], out var options, out var positional)
            || positional.Count > 0)
        {
            return Usage("tlsnb student [--teacher FOLDER] [--out FOLDER]");
        }

        var teachers = LoadTeachers(options);
        if (teachers is null)
        {
            return 1;
        }

        var outFolder = Path.GetFullPath(
            options.GetValueOrDefault("--out") ?? DefaultStudentFolder);
        foreach (var path in StudentVersion.WriteFolder(teachers, outFolder))
        {
            var teacher = teachers.First(t => t.FileName == Path.GetFileName(path));
            Console.WriteLine(
                $"  {Path.GetFileName(path)}: {teacher.GradeCells.Count} exercise(s), "
                + $"{teacher.MaxPoints:0.##} point(s)");
        }

        Console.WriteLine($"Wrote {teachers.Count} student notebook(s) to {outFolder}");
        return 0;
    }

    /// <summary>
    /// <c>tlsnb grade SUBMISSIONS [--teacher FOLDER] [--out FOLDER] [--parallel N]
    /// [--timeout SECONDS] [--shard K/N]</c>.
    /// </summary>
    public static async Task<int> GradeAsync(string[] args)
    {
        const string usage = "tlsnb grade SUBMISSIONS_FOLDER [--teacher FOLDER] [--out FOLDER] "
            + "[--parallel N] [--timeout SECONDS] [--shard K/N]";
        if (!Parse(args, ["--teacher", "--out", "--parallel", "--timeout", "--shard"], [],
                out var options, out var positional) || positional.Count != 1)
        {
            return Usage(usage);
        }

        var parallel = 1;
        var timeout = 300;
        var badParallel = options.TryGetValue("--parallel", out var p)
            && (!int.TryParse(p, out parallel) || parallel < 1);
        var badTimeout = options.TryGetValue("--timeout", out var t)
            && (!int.TryParse(t, out timeout) || timeout < 1);
        if (badParallel || badTimeout)
        {
            return Usage(usage + "\n--parallel and --timeout take whole numbers of at least 1.");
        }

        Shard? shard = null;
        if (options.TryGetValue("--shard", out var s))
        {
            try
            {
                shard = Shard.Parse(s);
            }
            catch (ArgumentException e)
            {
                return Usage(e.Message);
            }
        }

        var gradeOptions = new GradeOptions
        {
            TeacherFolder = Path.GetFullPath(
                options.GetValueOrDefault("--teacher") ?? Repository.NotebooksFolder),
            SubmissionsFolder = Path.GetFullPath(positional[0]),
            OutFolder = Path.GetFullPath(options.GetValueOrDefault("--out") ?? DefaultGradesFolder),
            Parallel = parallel,
            NotebookTimeout = TimeSpan.FromSeconds(timeout),
            Shard = shard,
        };

        if (!RestoreKernel())
        {
            return 1;
        }

        try
        {
            var run = await Grader.GradeAsync(gradeOptions, Console.WriteLine);
            Console.WriteLine($"Graded {run.Graded.Count}, resumed {run.Resumed.Count}. Reports:");
            foreach (var file in run.ReportFiles)
            {
                Console.WriteLine($"  {file}");
            }

            return 0;
        }
        catch (Exception e) when (e is InvalidDataException or DirectoryNotFoundException)
        {
            Console.Error.WriteLine(e.Message);
            return 1;
        }
    }

    /// <summary><c>tlsnb merge-reports SHARD_FOLDER... --out FOLDER</c>.</summary>
    public static int MergeReports(string[] args)
    {
        if (!Parse(args, ["--out"], [], out var options, out var shards)
            || shards.Count == 0 || !options.TryGetValue("--out", out var outArg))
        {
            return Usage("tlsnb merge-reports SHARD_FOLDER [SHARD_FOLDER ...] --out FOLDER");
        }

        var outFolder = Path.GetFullPath(outArg);
        var merged = ReportMerger.Merge(
            shards.Select(Path.GetFullPath).ToList(), outFolder, Console.Error.WriteLine);
        Console.WriteLine(
            $"Merged {merged.Results.Count} student(s) from {shards.Count} folder(s). Reports:");
        foreach (var file in merged.ReportFiles)
        {
            Console.WriteLine($"  {file}");
        }

        return 0;
    }

    /// <summary><c>tlsnb nbgrader-metadata [--write] [NOTEBOOK.ipynb | FOLDER ...]</c>.</summary>
    public static int Metadata(string[] args)
    {
        if (!Parse(args, [], ["--write"], out var options, out var inputs))
        {
            return Usage("tlsnb nbgrader-metadata [--write] [NOTEBOOK.ipynb | FOLDER ...]");
        }

        var write = options.ContainsKey("--write");
        var failed = false;
        var paths = RunCommand.FindNotebooks(
            inputs.Count == 0 ? [Repository.NotebooksFolder] : inputs);
        foreach (var path in paths)
        {
            var notebook = NotebookFile.Load(path);
            var problems = TeacherNotebook.Problems(notebook).ToList();
            if (problems.Count == 0)
            {
                Console.WriteLine($"ok    {notebook.Name}");
                continue;
            }

            if (!write)
            {
                failed = true;
                Console.WriteLine($"FAIL  {notebook.Name}");
                problems.ForEach(p => Console.WriteLine("      " + p));
                continue;
            }

            try
            {
                var annotated = TeacherNotebook.Annotate(notebook);
                annotated.Notebook.Save(path);
                Console.WriteLine(
                    $"wrote {notebook.Name}: {annotated.GradeCells.Count} check cell(s)");
            }
            catch (InvalidDataException e)
            {
                failed = true;
                Console.WriteLine($"FAIL  {notebook.Name}");
                Console.WriteLine(
                    "      " + e.Message.Replace("\n", "\n      ", StringComparison.Ordinal));
            }
        }

        if (failed && !write)
        {
            Console.WriteLine("Run with --write to add the metadata the conventions call for "
                + "(notebooks/INSTRUCTORS.md, \"Adding an exercise\").");
        }

        return failed ? 1 : 0;
    }

    /// <summary><c>tlsnb sample-class [--teacher FOLDER] [--out FOLDER]</c>.</summary>
    public static int WriteSampleClass(string[] args)
    {
        if (!Parse(args, ["--teacher", "--out"], [], out var options, out var positional)
            || positional.Count > 0)
        {
            return Usage("tlsnb sample-class [--teacher FOLDER] [--out FOLDER]");
        }

        var teachers = LoadTeachers(options);
        if (teachers is null)
        {
            return 1;
        }

        var outFolder = Path.GetFullPath(options.GetValueOrDefault("--out")
            ?? Path.Combine(Repository.Root, "artifacts", "sample-class"));
        SampleClass.Write(teachers, outFolder);
        Console.WriteLine($"Wrote {SampleClass.Everyone.Count} sample submissions to {outFolder}: "
            + string.Join(", ", SampleClass.Everyone));
        return 0;
    }

    private static IReadOnlyList<TeacherNotebook>? LoadTeachers(Dictionary<string, string> options)
    {
        var folder = Path.GetFullPath(
            options.GetValueOrDefault("--teacher") ?? Repository.NotebooksFolder);
        try
        {
            return TeacherNotebook.LoadFolder(folder);
        }
        catch (Exception e) when (e is InvalidDataException or DirectoryNotFoundException)
        {
            Console.Error.WriteLine(e.Message);
            return null;
        }
    }

    private static bool RestoreKernel()
    {
        Console.WriteLine("Restoring the pinned kernel (dotnet tool restore) ...");
        var (code, output) = ChildProcess.Run(
            "dotnet", ["tool", "restore"], Repository.Root, TimeSpan.FromMinutes(5));
        if (code != 0)
        {
            Console.Error.WriteLine("dotnet tool restore failed:\n" + output);
        }

        return code == 0;
    }

    private static bool Parse(
        string[] args,
        string[] valued,
        string[] flags,
        out Dictionary<string, string> options,
        out List<string> positional)
    {
        options = new Dictionary<string, string>(StringComparer.Ordinal);
        positional = [];
        for (var i = 0; i < args.Length; i++)
        {
            if (valued.Contains(args[i]))
            {
                if (i + 1 >= args.Length)
                {
                    return false;
                }

                options[args[i]] = args[++i];
            }
            else if (flags.Contains(args[i]))
            {
                options[args[i]] = "";
            }
            else if (args[i].StartsWith("--", StringComparison.Ordinal))
            {
                return false;
            }
            else
            {
                positional.Add(args[i]);
            }
        }

        return true;
    }

    private static int Usage(string usage)
    {
        Console.Error.WriteLine("Usage: " + usage);
        return 2;
    }
}
