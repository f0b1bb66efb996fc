using Omnirapeutic.Core;
using Omnirapeutic.Web.Hosting;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddCore(builder.Configuration.GetRequiredConnectionString());
builder.AddWeb();

var app = builder.Build();

if (IntegrityCommand.IsRequested(args))
{
    return await IntegrityCommand.RunAsync(app);
}

if (MigrateCommand.IsRequested(args))
{
    return await MigrateCommand.RunAsync(app);
}

if (AuditPurgeCommand.IsRequested(args))
{
    return await AuditPurgeCommand.RunAsync(app);
}

if (!await app.PrepareDatabaseAsync())
{
    return 1;
}

app.UseWeb();
app.MapWeb();

await app.RunAsync();
return 0;
