namespace Omnirapeutic.Core.Organizations;

/// <summary>Who of an organization signs in with a code from an authenticator app besides the password.</summary>
public enum TwoFactorPolicy
{
    /// <summary>Anyone may turn two-factor sign-in on for their account; nobody must.</summary>
    Off,

    /// <summary>Admins must: one without it is sent to set it up at sign-in and gets no API token until then.</summary>
    Admins,

    /// <summary>Every user must.</summary>
    Everyone,
}
