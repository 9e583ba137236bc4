using TlsNotebooks.Tools;
using TlsNotebooks.Tools.Coursework;

// tlsnb: the collection's command-line tools.
//   run [notebook or folder ...] [--out FOLDER] [--cell-timeout SECONDS]
//   jupyter-kernelspec [--prefix FOLDER]
//   student, grade, merge-reports, nbgrader-metadata, sample-class: coursework (see Usage)
return args.FirstOrDefault() switch
{
    "run" => await RunCommand.RunAsync(args[1..]),
    "jupyter-kernelspec" => KernelSpecCommand.Run(args[1..]),
    "student" => CourseworkCommands.Student(args[1..]),
    "grade" => await CourseworkCommands.GradeAsync(args[1..]),
    "merge-reports" => CourseworkCommands.MergeReports(args[1..]),
    "nbgrader-metadata" => CourseworkCommands.Metadata(args[1..]),
    "sample-class" => CourseworkCommands.WriteSampleClass(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("""
        Usage:
          tlsnb run [NOTEBOOK.ipynb | FOLDER ...] [--out FOLDER] [--cell-timeout SECONDS]
              Runs every notebook (default: notebooks/) in the pinned .NET Interactive kernel,
              writes the executed copies (default: artifacts/executed/) and exits 1 if a cell
              failed.
          tlsnb jupyter-kernelspec [--prefix FOLDER]
              Installs the ".net-csharp" Jupyter kernel, listening on loopback only.

        Coursework (see notebooks/INSTRUCTORS.md):
          tlsnb student [--teacher FOLDER] [--out FOLDER]
              Writes the student notebooks (default: notebooks/ to artifacts/student/).
          tlsnb grade SUBMISSIONS_FOLDER [--teacher FOLDER] [--out FOLDER] [--parallel N]
                      [--timeout SECONDS] [--shard K/N]
              Grades one folder per student (default out: artifacts/grades/); resumes.
          tlsnb merge-reports SHARD_FOLDER [SHARD_FOLDER ...] --out FOLDER
              Merges the output folders of several shards into one report.
          tlsnb nbgrader-metadata [--write] [NOTEBOOK.ipynb | FOLDER ...]
              Checks the teacher notebooks' nbgrader metadata; --write adds what is missing.
          tlsnb sample-class [--teacher FOLDER] [--out FOLDER]
              Writes made-up submissions to try the grader on (default: artifacts/sample-class/).
        """);
    return 2;
}
