using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Omnirapeutic.Tests.Infrastructure;
using Omnirapeutic.Web.Live;

namespace Omnirapeutic.Tests.Web.Live;

[Collection(nameof(DatabaseRestarts))]
public sealed class ListenerReconnectTests(PostgresServer postgres) : IAsyncLifetime
{
    private OmnirapeuticWebApplicationFactory _nodeA = null!;
    private OmnirapeuticWebApplicationFactory _nodeB = null!;
    private HubConnection _hub = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _nodeA = await OmnirapeuticWebApplicationFactory.StartOnKestrelAsync(postgres);
        await _nodeA.CreateApiClientAsync("admin@orga.example");
        _nodeB = OmnirapeuticWebApplicationFactory.StartOnKestrel(_nodeA.ConnectionString);
    }

    public async ValueTask DisposeAsync()
    {
        await _hub.DisposeAsync();
        await _nodeB.DisposeAsync();
        await _nodeA.DisposeAsync();
    }

    [Fact]
    public async Task AfterTheDatabaseRestarts_TheListenerReconnectsAndTheNextChangeArrives()
    {
        var client = await _nodeA.CreateApiClientAsync("admin@orga.example");
        var token = client.DefaultRequestHeaders.Authorization!.Parameter!;
        var heard = Channel.CreateUnbounded<BalanceChangedMessage>();
        _hub = new HubConnectionBuilder()
            .WithUrl(new Uri(_nodeB.ClientOptions.BaseAddress, "hubs/balances"), options => options.AccessTokenProvider = () => Task.FromResult<string?>(token))
            .Build();
        _hub.On<BalanceChangedMessage>(BalanceChangedMessage.Method, message => heard.Writer.TryWrite(message));
        await _hub.StartAsync(Ct);
        var resynchronized = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = _nodeB.Services.GetRequiredService<BalanceNotifier>().Subscribe(Guid.NewGuid(), changes =>
        {
            if (changes.Resynchronize)
            {
                resynchronized.TrySetResult();
            }

            return Task.CompletedTask;
        });
        var authorization = (await client.AuthorizationsAsync())[1];
        using var reconnects = new MetricRecorder(_nodeB.Services, "omnirapeutic.listener.reconnects");

        await postgres.RestartAsync(new Npgsql.NpgsqlConnectionStringBuilder(_nodeA.ConnectionString).Database!);
        await resynchronized.Task.WaitAsync(TimeSpan.FromSeconds(30), Ct);
        var reserved = await (await client.PostUnitsAsync(authorization.Id, "reserve", 1)).BalanceAsync();

        var message = await heard.Reader.ReadAsync(Ct).AsTask().WaitAsync(TimeSpan.FromSeconds(1), Ct);
        Assert.Equal(BalanceChangedMessage.Of(reserved), message);
        Assert.True(reconnects.Total >= 1, "The listener should count its reconnect.");
    }
}
