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

if (AuditPurgeCommand.IsRequested(args))
{
    return await AuditPurgeCommand.RunAsync(app);
}

await app.PrepareDatabaseAsync();
app.UseWeb();
app.MapWeb();

await app.RunAsync();
return 0;
