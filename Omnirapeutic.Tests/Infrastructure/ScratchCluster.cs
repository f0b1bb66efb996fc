using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Omnirapeutic.Tests.Infrastructure;

/// <summary>A PostgreSQL cluster of its own with every setting at PostgreSQL's default, on a free port, removed at the end.</summary>
internal sealed class ScratchCluster : IAsyncDisposable
{
    private readonly string _directory;

    private ScratchCluster(string directory, int port)
    {
        _directory = directory;
        ConnectionString = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = port,
            Username = "postgres",
            Database = "postgres",
            Pooling = false,
        }.ConnectionString;
    }

    /// <summary>The superuser on the cluster's postgres database.</summary>
    public string ConnectionString { get; }

    private string Data => Path.Combine(_directory, "data");

    public static async Task<ScratchCluster> StartAsync()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"omni-scratch-pg-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        if (!OperatingSystem.IsWindows() && Environment.UserName == "root")
        {
            File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                | UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
                | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute);
        }

        var cluster = new ScratchCluster(directory, FreePort());
        await PostgresTools.RunAsync("initdb", "-D", cluster.Data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8");
        var port = new NpgsqlConnectionStringBuilder(cluster.ConnectionString).Port;
        await PostgresTools.RunAsync("pg_ctl", "-D", cluster.Data, "-l", Path.Combine(directory, "log.txt"), "-w", "-t", "60",
            "-o", $"-p {port} -c listen_addresses=127.0.0.1 -k {directory}", "start");
        return cluster;
    }

    public async ValueTask DisposeAsync()
    {
        await PostgresTools.RunAsync("pg_ctl", "-D", Data, "-m", "immediate", "-w", "stop");
        Directory.Delete(_directory, recursive: true);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
