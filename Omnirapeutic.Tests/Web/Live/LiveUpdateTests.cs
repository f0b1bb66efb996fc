using System.Net;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR.Client;
using Npgsql;
using Omnirapeutic.Core.Authorizations;
using Omnirapeutic.Tests.Infrastructure;
using Omnirapeutic.Web.Live;

namespace Omnirapeutic.Tests.Web.Live;

/// <summary>Two web nodes on two ports sharing one database, as behind a load balancer.</summary>
public sealed class LiveUpdateTests(PostgresServer postgres) : IAsyncLifetime
{
    private static readonly TimeSpan Promptly = TimeSpan.FromSeconds(1);

    private readonly List<HubConnection> _hubs = [];
    private OmnirapeuticWebApplicationFactory _nodeA = null!;
    private OmnirapeuticWebApplicationFactory _nodeB = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _nodeA = await OmnirapeuticWebApplicationFactory.StartOnKestrelAsync(postgres);
        await _nodeA.CreateApiClientAsync("admin@orga.example");
        _nodeB = OmnirapeuticWebApplicationFactory.StartOnKestrel(_nodeA.ConnectionString);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var hub in _hubs)
        {
            await hub.DisposeAsync();
        }

        await _nodeB.DisposeAsync();
        await _nodeA.DisposeAsync();
    }

    [Fact]
    public async Task ReserveOnNodeA_ReachesAHubClientOnNodeB_WithTheNewNumbers()
    {
        var client = await _nodeA.CreateApiClientAsync("admin@orga.example");
        var (_, heard) = await ListenOnNodeBAsync(client);
        var authorization = (await client.AuthorizationsAsync())[0];

        var reserved = await (await client.PostUnitsAsync(authorization.Id, "reserve", 5)).BalanceAsync();
        var message = await heard.ReadAsync(Ct).AsTask().WaitAsync(Promptly, Ct);

        Assert.Equal(BalanceChangedMessage.Of(reserved), message);
        Assert.Equal((5, authorization.AvailableUnits - 5), (message.ScheduledUnits, message.AvailableUnits));
    }

    [Fact]
    public async Task ATokenFromNodeA_WorksOnNodeB_ForTheApiAndTheHubQueryString()
    {
        var fromA = await _nodeA.CreateApiClientAsync("bcba1@orga.example");
        var onB = _nodeB.CreateClient();
        onB.DefaultRequestHeaders.Authorization = fromA.DefaultRequestHeaders.Authorization;
        var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(_nodeB.ClientOptions.BaseAddress, $"hubs/balances?access_token={Uri.EscapeDataString(fromA.DefaultRequestHeaders.Authorization!.Parameter!)}"))
            .Build();
        _hubs.Add(hub);

        var answer = await onB.GetAsync("/api/v1/authorizations", Ct);
        await hub.StartAsync(Ct);

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal(HubConnectionState.Connected, hub.State);
    }

    [Fact]
    public async Task TheHub_WithoutAToken_RefusesTheConnection()
    {
        var hub = new HubConnectionBuilder().WithUrl(new Uri(_nodeB.ClientOptions.BaseAddress, "hubs/balances")).Build();
        _hubs.Add(hub);

        var refusal = await Assert.ThrowsAsync<HttpRequestException>(() => hub.StartAsync(Ct));

        Assert.Equal(HttpStatusCode.Unauthorized, refusal.StatusCode);
    }

    [Fact]
    public async Task AnotherOrganizationsClient_HearsNothingOfThisOrganizationsChanges()
    {
        var orgA = await _nodeA.CreateApiClientAsync("admin@orga.example");
        var orgB = await _nodeA.CreateApiClientAsync("admin@orgb.example");
        var (_, heardByA) = await ListenOnNodeBAsync(orgA);
        var (_, heardByB) = await ListenOnNodeBAsync(orgB);
        var authorizationOfA = (await orgA.AuthorizationsAsync())[0];
        var authorizationOfB = (await orgB.AuthorizationsAsync())[0];

        (await orgA.PostUnitsAsync(authorizationOfA.Id, "reserve", 3)).EnsureSuccessStatusCode();
        (await orgB.PostUnitsAsync(authorizationOfB.Id, "reserve", 2)).EnsureSuccessStatusCode();
        var firstHeardByB = await heardByB.ReadAsync(Ct).AsTask().WaitAsync(Promptly, Ct);
        var firstHeardByA = await heardByA.ReadAsync(Ct).AsTask().WaitAsync(Promptly, Ct);

        Assert.Equal(authorizationOfB.Id, firstHeardByB.AuthorizationId);
        Assert.False(heardByB.TryRead(out _));
        Assert.Equal(authorizationOfA.Id, firstHeardByA.AuthorizationId);
    }

    [Fact]
    public async Task ARolledBackOrRefusedChange_SendsNothing()
    {
        var client = await _nodeA.CreateApiClientAsync("admin@orga.example");
        var (_, heard) = await ListenOnNodeBAsync(client);
        var authorizations = await client.AuthorizationsAsync();
        var (untouched, changed) = (authorizations.First(a => a.TotalUnits == 50), authorizations.First(a => a.TotalUnits == 1000));

        await RollBackANotificationAsync(untouched);
        var refused = await client.PostUnitsAsync(untouched.Id, "reserve", 51);
        var reserved = await (await client.PostUnitsAsync(changed.Id, "reserve", 1)).BalanceAsync();
        var first = await heard.ReadAsync(Ct).AsTask().WaitAsync(Promptly, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(BalanceChangedMessage.Of(reserved), first);
        Assert.False(heard.TryRead(out _));
    }

    private async Task<(HubConnection Hub, ChannelReader<BalanceChangedMessage> Heard)> ListenOnNodeBAsync(HttpClient signedIn)
    {
        var token = signedIn.DefaultRequestHeaders.Authorization!.Parameter!;
        var heard = Channel.CreateUnbounded<BalanceChangedMessage>();
        var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(_nodeB.ClientOptions.BaseAddress, "hubs/balances"), options => options.AccessTokenProvider = () => Task.FromResult<string?>(token))
            .Build();
        hub.On<BalanceChangedMessage>(BalanceChangedMessage.Method, message => heard.Writer.TryWrite(message));
        _hubs.Add(hub);
        await hub.StartAsync(Ct);
        return (hub, heard.Reader);
    }

    private async Task RollBackANotificationAsync(AuthorizationBalance authorization)
    {
        await using var connection = new NpgsqlConnection(_nodeA.ConnectionString);
        await connection.OpenAsync(Ct);
        await using var transaction = await connection.BeginTransactionAsync(Ct);
        await using var notify = new NpgsqlCommand("SELECT pg_notify(@channel, @payload)", connection, transaction);
        notify.Parameters.AddWithValue("channel", BalanceChanged.Channel);
        notify.Parameters.AddWithValue("payload", JsonSerializer.Serialize(new BalanceChanged(Guid.Empty, authorization.Id, 999)));
        await notify.ExecuteNonQueryAsync(Ct);
        await transaction.RollbackAsync(Ct);
    }
}
