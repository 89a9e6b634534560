namespace CleanEventStore.Client.Tests.Readme;

/// <summary>
/// Every C# block of the README's "Use it from .NET" section appears, line for line (indentation aside), in the
/// files of this folder, whose tests run it: the README shows code that compiles and works.
/// </summary>
public sealed class ReadmeSectionTests
{
    private const string Section = "## Use it from .NET";

    [Fact]
    public void EveryCodeBlockOfTheSection_IsTestedCode()
    {
        var root = RepositoryRoot();
        var blocks = CodeBlocks(File.ReadAllLines(Path.Combine(root, "README.md")));
        var sources = Directory.GetFiles(Path.Combine(root, "tests", "Client.Tests", "Readme"), "*.cs")
            .Select(file => (File: Path.GetFileName(file), Lines: Normalise(File.ReadAllLines(file))))
            .ToList();

        Assert.True(blocks.Count >= 9, $"only {blocks.Count} C# blocks found in the README's section \"{Section}\"");
        foreach (var block in blocks)
        {
            Assert.True(
                sources.Any(source => Contains(source.Lines, block)),
                "This README block is not in tests/Client.Tests/Readme (copy it there, unchanged, into a test that runs it):\n" + string.Join('\n', block));
        }
    }

    private static List<List<string>> CodeBlocks(string[] readme)
    {
        var start = Array.IndexOf(readme, Section);
        Assert.True(start >= 0, $"the README has no line \"{Section}\"");
        var blocks = new List<List<string>>();
        List<string>? block = null;
        for (var i = start + 1; i < readme.Length && !readme[i].StartsWith("## ", StringComparison.Ordinal); i++)
        {
            if (readme[i].StartsWith("```", StringComparison.Ordinal))
            {
                if (block is not null)
                {
                    blocks.Add(Normalise(block));
                    block = null;
                }
                else if (readme[i] == "```csharp")
                {
                    block = [];
                }

                continue;
            }

            block?.Add(readme[i]);
        }

        return blocks;
    }

    private static List<string> Normalise(IEnumerable<string> lines) => [.. lines.Select(line => line.Trim()).Where(line => line.Length > 0)];

    private static bool Contains(List<string> source, List<string> block)
    {
        for (var i = 0; i + block.Count <= source.Count; i++)
        {
            if (source.Skip(i).Take(block.Count).SequenceEqual(block, StringComparer.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "CleanEventStore.sln")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException("CleanEventStore.sln was not found above " + AppContext.BaseDirectory);
    }
}
