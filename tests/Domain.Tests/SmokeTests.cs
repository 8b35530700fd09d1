namespace NoOneLeftBehind.Domain.Tests;

public class SmokeTests
{
    [Fact]
    public void Assembly_Loads_HasName() => typeof(SmokeTests).Assembly.GetName().Name.ShouldBe("NoOneLeftBehind.Domain.Tests");
}
