namespace CleanEventStore.Infrastructure.Storage.Common;

/// <summary>Whether one staged event is filed in a stream, as a provider's group state knows it.</summary>
internal interface IStreamMembership
{
    bool IsMember(string stream);
}
