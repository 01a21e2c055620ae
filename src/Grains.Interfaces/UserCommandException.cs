namespace Grains.Interfaces;

/// <summary>Why a user command was refused. Nothing was appended to the log.</summary>
public enum UserErrorCode
{
    InvalidUserId,
    InvalidName,
    InvalidEmail,
    InvalidAddress,
    InvalidReason,
    UserNotFound,
    UserAlreadyExists,
    UserDeactivated,
    InvalidVersion,
    InvalidPaging,
}

/// <summary>A command refused by validation or a business rule; it appended nothing.</summary>
[GenerateSerializer]
public sealed class UserCommandException : Exception
{
    public UserCommandException(UserErrorCode code, string message) : base(message) => Code = code;

    [Id(0)]
    public UserErrorCode Code { get; }
}
