using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;
using Npgsql;
using Omnirapeutic.Core;
using Omnirapeutic.Core.Data;
using Omnirapeutic.Web.Components.Submissions;

namespace Omnirapeutic.Tests.Web.Components.Submissions;

public sealed class SubmissionTests : BunitContext
{
    public SubmissionTests()
    {
        Services.AddMudServices();
        Services.AddLogging();
        Services.AddTransient<Submission>();
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    public static TheoryData<Exception, string> Outages => new()
    {
        { new DatabaseUnavailableException("commit interrupted", true, new NpgsqlException("reset")), DatabaseOutage.MaybeSaved },
        { new DatabaseUnavailableException("cannot be reached", false, new NpgsqlException("refused")), DatabaseOutage.NothingSaved },
        { new InvalidOperationException("wrapped by EF Core", new NpgsqlException("refused", new System.Net.Sockets.SocketException())), DatabaseOutage.NothingSaved },
    };

    [Theory]
    [MemberData(nameof(Outages))]
    public async Task Run_WhenTheDatabaseFails_ShowsItsMessageAndKeepsTheKeyForTheRetry(Exception outage, string message)
    {
        var snackbars = Render<MudSnackbarProvider>();
        var submission = Services.GetRequiredService<Submission>();
        var key = submission.IdempotencyKey;

        var shown = await submission.RunAsync(_ => throw outage);

        Assert.Equal(message, shown);
        Assert.Equal(key, submission.IdempotencyKey);
        snackbars.WaitForAssertion(() => Assert.Contains(message, snackbars.Markup, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Run_WhenTheChangeIsRefused_ShowsTheRefusalAndTakesANewKey()
    {
        var submission = Services.GetRequiredService<Submission>();
        var key = submission.IdempotencyKey;

        var shown = await submission.RunAsync(_ => throw DomainException.Conflict("insufficient-units", "Only 3 units are available."));

        Assert.Equal("Only 3 units are available.", shown);
        Assert.NotEqual(key, submission.IdempotencyKey);
    }

    [Fact]
    public async Task Run_WhenSomethingElseFails_LetsTheFailureThrough()
    {
        var submission = Services.GetRequiredService<Submission>();

        await Assert.ThrowsAsync<InvalidOperationException>(() => submission.RunAsync(_ => throw new InvalidOperationException("a bug")));

        Assert.False(submission.Busy);
    }
}
