using System.Net.Sockets;
using System.Text;
using Omnirapeutic.Tests.Infrastructure;

namespace Omnirapeutic.Tests.Web.Hosting;

/// <summary>What only a real server writes or refuses, over raw sockets where HttpClient would refuse the bytes itself.</summary>
public sealed class KestrelHeadersTests(PostgresServer postgres) : IAsyncLifetime
{
    private OmnirapeuticWebApplicationFactory _app = null!;

    public async ValueTask InitializeAsync() => _app = await OmnirapeuticWebApplicationFactory.StartOnKestrelAsync(postgres);

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task AnyAnswer_HasNoServerHeader()
    {
        var response = await _app.CreateClient().GetAsync("/api/v1/authorizations", TestContext.Current.CancellationToken);

        Assert.Empty(response.Headers.Server);
    }

    [Theory]
    [InlineData("Idempotency-Key: k")]
    [InlineData("Authorization: Bearer ")]
    [InlineData("X-Anything: ")]
    public async Task Header_WithAByteThatIsNotUtf8_Is400ProblemDetails(string header)
    {
        var answer = await SendRawAsync(header);

        Assert.StartsWith("HTTP/1.1 400", answer, StringComparison.Ordinal);
        Assert.Contains("Content-Type: application/problem+json", answer, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("is not valid UTF-8", answer, StringComparison.Ordinal);
    }

    private async Task<string> SendRawAsync(string header)
    {
        var address = _app.ClientOptions.BaseAddress;
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(address.Host, address.Port, TestContext.Current.CancellationToken);
        var stream = tcp.GetStream();
        var head = Encoding.ASCII.GetBytes($"POST /api/v1/authorizations/{Guid.NewGuid()}/reserve HTTP/1.1\r\nHost: {address.Authority}\r\nContent-Type: application/json\r\nContent-Length: 11\r\nConnection: close\r\n{header}");
        await stream.WriteAsync(head.Concat(new byte[] { 0xFF, 0xFE }).Concat(Encoding.ASCII.GetBytes("\r\n\r\n{\"units\":1}")).ToArray(), TestContext.Current.CancellationToken);
        using var reader = new StreamReader(stream, Encoding.Latin1);
        return await reader.ReadToEndAsync(TestContext.Current.CancellationToken);
    }
}
