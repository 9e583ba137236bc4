namespace TlsNotebooks.Tools.Coursework;

/// <summary>
/// Merges the output folders of several grading shards into one: every student's results and
/// executed notebooks are copied across, then the class report is written for all of them.
/// </summary>
public static class ReportMerger
{
    /// <summary>The merged results and the report files written.</summary>
    public sealed record Merged(
        IReadOnlyList<StudentResult> Results,
        IReadOnlyList<string> ReportFiles);

    /// <param name="shardFolders">The shards' --out folders.</param>
    /// <param name="outFolder">Where the merged folder goes (may be one of the shards).</param>
    /// <param name="warn">Told about a student found in more than one shard.</param>
    public static Merged Merge(
        IReadOnlyList<string> shardFolders,
        string outFolder,
        Action<string>? warn = null)
    {
        var owner = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var shard in shardFolders)
        {
            if (!Directory.Exists(shard))
            {
                throw new DirectoryNotFoundException($"No shard folder at {shard}.");
            }

            foreach (var result in Grader.LoadResults(shard))
            {
                if (owner.TryGetValue(result.Student, out var first))
                {
                    warn?.Invoke($"{result.Student} is in both {first} and {shard}; "
                        + "keeping the first.");
                    continue;
                }

                owner[result.Student] = shard;
                var from = Path.Combine(shard, "students", result.Student);
                var to = Path.Combine(outFolder, "students", result.Student);
                if (!string.Equals(Path.GetFullPath(from), Path.GetFullPath(to),
                        StringComparison.Ordinal))
                {
                    Directory.CreateDirectory(to);
                    foreach (var file in Directory.GetFiles(from))
                    {
                        File.Copy(file, Path.Combine(to, Path.GetFileName(file)), overwrite: true);
                    }
                }
            }
        }

        var results = Grader.LoadResults(outFolder)
            .Where(r => owner.ContainsKey(r.Student))
            .ToList();
        return new Merged(results, GradeReport.Write(results, outFolder));
    }
}
