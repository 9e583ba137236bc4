namespace TlsNotebooks.Notebook.Exercises;

/// <summary>
/// The one-line check cells call: <c>Check.Answer("00.1", recordLength)</c>.
/// </summary>
public static class Check
{
    private static readonly Lazy<IReadOnlyDictionary<string, Exercise>> s_all = new(() =>
        StartHere.Exercises
            .Concat(DiffieHellmanLesson.Exercises)
            .Concat(TlsHandshakeLesson.Exercises)
            .Concat(X509Lesson.Exercises04)
            .Concat(X509Lesson.Exercises05)
            .Concat(MutualTlsLesson.Exercises)
            .Concat(WhyTlsLesson.Exercises)
            .ToDictionary(e => e.Id, StringComparer.Ordinal));

    /// <summary>Every exercise of the collection, by id.</summary>
    public static IReadOnlyDictionary<string, Exercise> All => s_all.Value;

    /// <summary>Checks the answer to exercise <paramref name="exerciseId"/>.</summary>
    public static ExerciseResult Answer(string exerciseId, object? answer)
    {
        if (!All.TryGetValue(exerciseId, out var exercise))
        {
            throw new ArgumentException(
                $"There is no exercise \"{exerciseId}\"; the ids look like \"00.1\". Known: "
                + string.Join(", ", All.Keys.Order(StringComparer.Ordinal)),
                nameof(exerciseId));
        }

        return Grading.Enforce(exercise.Check(answer));
    }

    /// <summary>
    /// A hidden test's one line: passes when <paramref name="condition"/> holds, else fails
    /// with <paramref name="problem"/>, a sentence that must not contain the answer. In
    /// grading mode a failure throws, so the check cell shows an error.
    /// </summary>
    public static ExerciseResult That(string exerciseId, bool condition, string problem)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(problem);
        if (!All.TryGetValue(exerciseId, out var exercise))
        {
            throw new ArgumentException(
                $"There is no exercise \"{exerciseId}\"; a hidden test names the exercise it "
                + "belongs to.",
                nameof(exerciseId));
        }

        var result = condition
            ? new ExerciseResult(exercise.Id, exercise.Title, true, "Right.", exercise.Points,
                exercise.Points)
            : new ExerciseResult(exercise.Id, exercise.Title, false, problem, exercise.Points, 0);
        return Grading.Enforce(result);
    }
}
