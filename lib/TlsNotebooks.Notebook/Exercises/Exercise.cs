namespace TlsNotebooks.Notebook.Exercises;

/// <summary>
/// One exercise: what it asks, what it is worth, and a check that says right or not yet
/// without ever printing the answer.
/// </summary>
public sealed class Exercise
{
    private readonly Func<object?, string?> _check;

    private Exercise(string id, string title, int points, string hint, Func<object?, string?> check)
    {
        Id = id;
        Title = title;
        Points = points;
        Hint = hint;
        _check = check;
    }

    /// <summary>The exercise's id, "notebook.number", such as "00.1".</summary>
    public string Id { get; }

    /// <summary>What the exercise asks, in a few words.</summary>
    public string Title { get; }

    /// <summary>The points a right answer earns.</summary>
    public int Points { get; }

    /// <summary>The general hint shown with every wrong answer.</summary>
    public string Hint { get; }

    /// <summary>
    /// Defines an exercise whose answer is a <typeparamref name="T"/>.
    /// </summary>
    /// <param name="check">
    /// Returns null for a right answer, or a sentence about what is wrong with this one. The
    /// sentence may describe the student's answer but must not contain the right one.
    /// </param>
    public static Exercise Define<T>(
        string id,
        string title,
        int points,
        string hint,
        Func<T, string?> check)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        ArgumentNullException.ThrowIfNull(check);
        return new Exercise(id, title, points, hint, answer => answer switch
        {
            T typed => check(typed),
            null => $"The answer is null; the exercise expects a {Describe(typeof(T))}.",
            _ => $"The answer is a {Describe(answer.GetType())}; "
                + $"the exercise expects a {Describe(typeof(T))}.",
        });
    }

    /// <summary>Checks an answer.</summary>
    public ExerciseResult Check(object? answer)
    {
        string? problem;
        try
        {
            problem = _check(answer);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            problem = $"Checking the answer failed with {e.GetType().Name}: {e.Message}";
        }

        return problem is null
            ? new ExerciseResult(Id, Title, Passed: true, "Right.", Points, Points)
            : new ExerciseResult(Id, Title, Passed: false, $"{problem} Hint: {Hint}", Points, 0);
    }

    private static string Describe(Type type) => type switch
    {
        _ when type == typeof(int) => "whole number (int)",
        _ when type == typeof(long) => "whole number (long)",
        _ when type == typeof(System.Numerics.BigInteger) => "whole number (BigInteger)",
        _ when type == typeof(string) => "string",
        _ when type == typeof(byte[]) => "byte array (byte[])",
        _ when type == typeof(bool) => "true or false (bool)",
        _ => type.Name,
    };
}
