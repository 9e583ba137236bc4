namespace TlsNotebooks.Tests;

public class LibraryInfoTests
{
    [Fact]
    public void Version_IsTheProjectVersion()
    {
        Assert.Matches(@"^\d+\.\d+\.\d+", LibraryInfo.Version);
    }

    [Fact]
    public void TestData_IsFound()
    {
        Assert.True(File.Exists(TestData.PathTo("README.md")));
    }
}
