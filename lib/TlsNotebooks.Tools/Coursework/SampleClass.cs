using TlsNotebooks.Tools.Notebooks;

namespace TlsNotebooks.Tools.Coursework;

/// <summary>
/// A small class of made-up submissions, one folder per student, for trying the grader and for
/// its tests: what each one should score is known in advance.
/// </summary>
public static class SampleClass
{
    /// <summary>Hands in the teacher notebooks themselves: full marks.</summary>
    public const string Solutions = "alice-solutions";

    /// <summary>Hands in the student version untouched: zero.</summary>
    public const string Untouched = "bob-untouched";

    /// <summary>Answers only the first exercise, with the teacher's answer.</summary>
    public const string OneRight = "carol-one-right";

    /// <summary>Writes a loop that never ends in the first exercise.</summary>
    public const string NeverEnds = "dave-never-ends";

    /// <summary>The loop <see cref="NeverEnds"/> writes.</summary>
    public const string EndlessLoop = "while (true) { System.Threading.Thread.Sleep(1); }";

    /// <summary>Every sample student.</summary>
    public static IReadOnlyList<string> Everyone { get; } =
        [Solutions, Untouched, OneRight, NeverEnds];

    /// <summary>
    /// Writes the students named (default: all) into <paramref name="outFolder"/>, from the
    /// teacher notebooks that have exercises.
    /// </summary>
    public static void Write(
        IReadOnlyList<TeacherNotebook> teachers,
        string outFolder,
        IEnumerable<string>? students = null)
    {
        var graded = teachers.Where(t => t.HasExercises).ToList();
        if (graded.Count == 0)
        {
            throw new InvalidDataException("No teacher notebook has an exercise.");
        }

        var first = graded[0];
        foreach (var student in students ?? Everyone)
        {
            var folder = Path.Combine(outFolder, student);
            Directory.CreateDirectory(folder);
            switch (student)
            {
                case Solutions:
                    foreach (var teacher in graded)
                    {
                        StudentVersion.Make(teacher); // proves the markers are well formed
                        Cleared(teacher.Notebook).Save(Path.Combine(folder, teacher.FileName));
                    }

                    break;
                case Untouched:
                    StudentVersion.WriteFolder(graded, folder);
                    break;
                case OneRight:
                    WithFirstAnswer(first, null).Save(Path.Combine(folder, first.FileName));
                    break;
                case NeverEnds:
                    WithFirstAnswer(first, EndlessLoop).Save(Path.Combine(folder, first.FileName));
                    break;
                default:
                    throw new ArgumentException($"No sample student called \"{student}\".");
            }
        }
    }

    /// <summary>
    /// The student version of <paramref name="teacher"/> with its first answer cell filled in:
    /// the teacher's answer when <paramref name="answer"/> is null, else that code in place of
    /// the solution region.
    /// </summary>
    public static NotebookFile WithFirstAnswer(TeacherNotebook teacher, string? answer)
    {
        var student = StudentVersion.Make(teacher);
        var answerId = teacher.GradeCells.First(g => g.AnswerGradeId is not null).AnswerGradeId!;
        var index = FindCell(teacher.Notebook, answerId);
        var source = NotebookFile.SourceOf(teacher.Notebook.Cells[index]!);
        var filled = answer is null
            ? source
            : Markers.ReplaceSolutions(source, [answer], "sample answer");
        StudentVersion.SetSource(student.Cells[index]!, filled);
        return student;
    }

    private static int FindCell(NotebookFile notebook, string gradeId)
    {
        for (var i = 0; i < notebook.Cells.Count; i++)
        {
            if (NbgraderMetadata.Read(notebook.Cells[i]!)?.GradeId == gradeId)
            {
                return i;
            }
        }

        throw new InvalidDataException($"{notebook.Name}: no cell with grade_id {gradeId}.");
    }

    private static NotebookFile Cleared(NotebookFile notebook)
    {
        var copy = notebook.Clone();
        foreach (var cell in copy.Cells)
        {
            if (cell?["cell_type"]?.GetValue<string>() == "code")
            {
                cell["outputs"] = new System.Text.Json.Nodes.JsonArray();
                cell["execution_count"] = null;
            }
        }

        return copy;
    }
}
