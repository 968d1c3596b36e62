using Microsoft.Data.Sqlite;
using Npgsql;

namespace SignalingAkka.Host.ReadModel;

/// <summary>What a failed write means for the record that caused it.</summary>
public enum WriteFailureKind
{
    /// <summary>The database or the network is in the way (down, not there yet, busy): retry until it lands.</summary>
    Transient,

    /// <summary>
    /// A row the record points at is missing (a foreign key, a device looked up by fingerprint).
    /// Retried a few times, because in a cluster another node's writer may not have written it
    /// yet; past that it never will be, and the record is dropped.
    /// </summary>
    MissingReference,

    /// <summary>No retry can help (a unique or check constraint, a value that does not fit, an unmappable record): drop it.</summary>
    Permanent,
}

/// <summary>A record points at a row that is not in the read model.</summary>
public sealed class MissingReferenceException(string message) : Exception(message);

/// <summary>A statement of a batch changed no row where one was expected; the batch is rolled back and written record by record.</summary>
public sealed class UnexpectedRowCountException(string message) : Exception(message);

/// <summary>A record that cannot be turned into rows at all (a malformed id, an unknown record type).</summary>
public sealed class UnmappableRecordException(string message, Exception? inner = null) : Exception(message, inner);

public static class WriteFailures
{
    // PostgreSQL: class 23 is integrity constraint violation, class 22 data exception (value too
    // long, invalid text for uuid, ...); 23503 is foreign_key_violation.
    private const string ForeignKeyViolation = "23503";

    // SQLite: primary result code 19 is SQLITE_CONSTRAINT, 787 its extended FOREIGNKEY code;
    // 20 is SQLITE_MISMATCH (datatype mismatch).
    private const int SqliteConstraint = 19;
    private const int SqliteConstraintForeignKey = 787;
    private const int SqliteMismatch = 20;

    /// <summary>
    /// Classifies by the innermost cause that names one (linq2db may wrap provider exceptions).
    /// Anything not recognised is transient: retrying something that cannot succeed only costs
    /// warnings, dropping something that could have succeeded loses data.
    /// </summary>
    public static WriteFailureKind Classify(Exception failure)
    {
        for (var e = failure; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case MissingReferenceException:
                    return WriteFailureKind.MissingReference;
                case UnmappableRecordException:
                    return WriteFailureKind.Permanent;
                case PostgresException { SqlState: ForeignKeyViolation }:
                    return WriteFailureKind.MissingReference;
                case PostgresException pg when pg.SqlState.StartsWith("23", StringComparison.Ordinal)
                                               || pg.SqlState.StartsWith("22", StringComparison.Ordinal):
                    return WriteFailureKind.Permanent;
                case SqliteException { SqliteExtendedErrorCode: SqliteConstraintForeignKey }:
                    return WriteFailureKind.MissingReference;
                case SqliteException { SqliteErrorCode: SqliteConstraint or SqliteMismatch }:
                    return WriteFailureKind.Permanent;
            }
        }

        return WriteFailureKind.Transient;
    }
}
