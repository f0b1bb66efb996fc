using Omnirapeutic.Core;
using Omnirapeutic.Web.Hosting;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddCore(builder.Configuration.GetRequiredConnectionString());
builder.AddWeb();

var app = builder.Build();

await app.PrepareDatabaseAsync();
app.UseWeb();
app.MapWeb();

await app.RunAsync();
