using System.Security.Cryptography;

namespace TlsNotebooks.Tls.Crypto;

/// <summary>
/// The keys of one AES-128-GCM connection (RFC 5246 §6.3, RFC 5288 §3): a 16-byte write key
/// and a 4-byte implicit nonce ("salt") for each direction. GCM suites have no MAC keys.
/// </summary>
public sealed record ConnectionKeys(
    byte[] ClientWriteKey,
    byte[] ServerWriteKey,
    byte[] ClientWriteIv,
    byte[] ServerWriteIv)
{
    public override string ToString() =>
        $"client_write_key: {Convert.ToHexStringLower(ClientWriteKey)}\n"
        + $"server_write_key: {Convert.ToHexStringLower(ServerWriteKey)}\n"
        + $"client_write_IV: {Convert.ToHexStringLower(ClientWriteIv)}\n"
        + $"server_write_IV: {Convert.ToHexStringLower(ServerWriteIv)}";
}

/// <summary>
/// From premaster secret to record keys and Finished values, each step named after its RFC.
/// All three suites of this library use the SHA-256 PRF and AES-128-GCM.
/// </summary>
public static class KeySchedule
{
    public const int MasterSecretLength = 48;
    public const int KeyLength = 16;
    public const int FixedIvLength = 4;

    /// <summary>
    /// RFC 5246 §8.1: master_secret = PRF(pre_master_secret, "master secret",
    /// ClientHello.random + ServerHello.random)[0..47].
    /// </summary>
    public static byte[] MasterSecret(byte[] preMasterSecret, byte[] clientRandom,
        byte[] serverRandom) =>
        TlsPrf.Compute(preMasterSecret, "master secret", [.. clientRandom, .. serverRandom],
            MasterSecretLength);

    /// <summary>
    /// RFC 7627 §4: master_secret = PRF(pre_master_secret, "extended master secret",
    /// session_hash)[0..47], where session_hash is the hash of every handshake message up to
    /// and including ClientKeyExchange. The randoms alone no longer decide the secret, so a
    /// man in the middle cannot make two sessions share one.
    /// </summary>
    public static byte[] ExtendedMasterSecret(byte[] preMasterSecret, byte[] sessionHash) =>
        TlsPrf.Compute(preMasterSecret, "extended master secret", sessionHash,
            MasterSecretLength);

    /// <summary>
    /// RFC 5246 §6.3: key_block = PRF(master_secret, "key expansion",
    /// server_random + client_random) - note the order, the reverse of the master secret's -
    /// cut into client_write_key, server_write_key, client_write_IV, server_write_IV.
    /// </summary>
    public static ConnectionKeys ExpandKeys(byte[] masterSecret, byte[] clientRandom,
        byte[] serverRandom)
    {
        var block = KeyBlock(masterSecret, clientRandom, serverRandom);
        return new ConnectionKeys(
            block[..16],
            block[16..32],
            block[32..36],
            block[36..40]);
    }

    /// <summary>The 40 bytes of key block an AES-128-GCM suite uses.</summary>
    public static byte[] KeyBlock(byte[] masterSecret, byte[] clientRandom, byte[] serverRandom) =>
        TlsPrf.Compute(masterSecret, "key expansion", [.. serverRandom, .. clientRandom],
            2 * KeyLength + 2 * FixedIvLength);

    /// <summary>
    /// RFC 5246 §7.4.9: verify_data = PRF(master_secret, finished_label,
    /// Hash(handshake_messages))[0..11], the label being "client finished" or
    /// "server finished".
    /// </summary>
    public static byte[] VerifyData(byte[] masterSecret, bool fromClient, byte[] handshakeHash) =>
        TlsPrf.Compute(masterSecret, fromClient ? "client finished" : "server finished",
            handshakeHash, 12);

    /// <summary>The SHA-256 of the handshake messages, the hash every suite here uses.</summary>
    public static byte[] TranscriptHash(byte[] handshakeMessages) =>
        SHA256.HashData(handshakeMessages);

    /// <summary>NSS key log line (the format Wireshark reads).</summary>
    public static string KeyLogLine(byte[] clientRandom, byte[] masterSecret) =>
        $"CLIENT_RANDOM {Convert.ToHexStringLower(clientRandom)} "
        + Convert.ToHexStringLower(masterSecret);
}
