using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.X509;

namespace TlsNotebooks.X509;

/// <summary>
/// Certification path building and validation (RFC 5280 §6, RFC 4158), written to be read.
/// <see cref="Validate"/> climbs from the end-entity through the untrusted intermediates to a
/// trust anchor, then checks each candidate path from the anchor down, recording every check.
/// </summary>
/// <remarks>
/// <para>Profile: <see cref="ValidationProfile.WebPki"/> (the default) adds to RFC 5280 §6.1
/// the stricter rules of the Web PKI that the x509-limbo suite expects;
/// <see cref="ValidationProfile.Rfc5280"/> is RFC 5280 alone, as NIST PKITS tests it. Both
/// require key identifiers, RSA keys of 2048 bits or more and named curves.</para>
/// <para>Not implemented, and therefore rejected whenever they appear: name constraints,
/// policy constraints, policy mappings and inhibitAnyPolicy (certificatePolicies alone is
/// accepted: with no required policy, RFC 5280 §6.1 cannot fail on it), indirect CRLs, delta
/// CRLs, and issuingDistributionPoint beyond the user/CA scopes and a fullName. There is no
/// OCSP. Not constant-time.</para>
/// </remarks>
public sealed class PathValidator
{
    private const string AnyExtendedKeyUsage = "2.5.29.37.0";
    private const string ServerAuth = "1.3.6.1.5.5.7.3.1";
    private const string ClientAuth = "1.3.6.1.5.5.7.3.2";

    private static readonly HashSet<string> s_understood =
    [
        X509Extensions.BasicConstraints.Id,
        X509Extensions.KeyUsage.Id,
        X509Extensions.ExtendedKeyUsage.Id,
        X509Extensions.SubjectAlternativeName.Id,
        X509Extensions.CrlDistributionPoints.Id,
        X509Extensions.CertificatePolicies.Id,
    ];

    private static readonly HashSet<string> s_unsupported =
    [
        X509Extensions.NameConstraints.Id,
        X509Extensions.PolicyConstraints.Id,
        X509Extensions.PolicyMappings.Id,
        X509Extensions.InhibitAnyPolicy.Id,
    ];

    private readonly List<X509Certificate> _anchors;

    public PathValidator(IEnumerable<X509Certificate> trustAnchors)
    {
        _anchors = trustAnchors.Distinct().ToList();
    }

    /// <summary>The trusted certificates: roots of trust, configured rather than proven.</summary>
    public IReadOnlyList<X509Certificate> TrustAnchors => _anchors;

    /// <summary>
    /// Builds candidate paths from <paramref name="endEntity"/> to a trust anchor and
    /// validates them in turn; returns the first valid one, or the first failure.
    /// </summary>
    public ValidationResult Validate(
        X509Certificate endEntity,
        IEnumerable<X509Certificate>? intermediates = null,
        ValidationOptions? options = null) =>
        ValidateAt(endEntity, (intermediates ?? []).ToList(), options ?? new(), depth: 0);

    private ValidationResult ValidateAt(
        X509Certificate endEntity,
        List<X509Certificate> intermediates,
        ValidationOptions options,
        int depth)
    {
        var pool = intermediates
            .Where(c => !_anchors.Contains(c) && !c.Equals(endEntity))
            .Distinct()
            .ToList();
        var search = new Search(this, options, pool, depth);
        var chain = new List<X509Certificate> { endEntity };
        var found = search.Extend(chain, CertificateFacts.Read(endEntity));
        if (found is not null)
        {
            return found.With(search.Candidates, search.Steps);
        }

        if (search.FirstFailure is not null)
        {
            return search.FirstFailure.With(search.Candidates, search.Steps);
        }

        var (failure, reason) = search.WorkExceeded
            ? (PathValidationFailure.WorkLimitExceeded,
                $"path building stopped after {options.MaxBuildSteps} steps or " +
                $"{options.MaxCandidatePaths} candidate paths")
            : search.DepthReached
                ? (PathValidationFailure.DepthExceeded,
                    $"no trust anchor within {options.MaxIntermediates} intermediates")
                : (PathValidationFailure.NoPathToTrustAnchor,
                    "no trust anchor or intermediate has the subject " +
                    $"'{search.StuckAt.IssuerDN}' " +
                    "that issued this certificate (RFC 5280 §6.1.3 (a)(4))");
        ValidationCheck[] trace =
            [new(0, search.StuckAt.SubjectDN.ToString(), "path building", false, reason, failure)];
        return new ValidationResult(failure, reason, search.StuckAt, [endEntity], trace,
            search.Candidates) { BuildSteps = search.Steps };
    }

    /// <summary>
    /// Validates one given path (end-entity first, trust anchor last) without building:
    /// the RFC 5280 §6.1 algorithm itself.
    /// </summary>
    public ValidationResult ValidatePath(
        IReadOnlyList<X509Certificate> path,
        ValidationOptions? options = null)
    {
        options ??= new ValidationOptions();
        if (path.Count == 0 || !_anchors.Contains(path[^1]))
        {
            return new ValidationResult(PathValidationFailure.NoPathToTrustAnchor,
                "the last certificate of the path is not a trust anchor",
                path.Count == 0 ? null : path[^1], path, [], []);
        }

        return new PathCheck(path, options, this, [], depth: 0).Run();
    }

    internal static bool CouldHaveIssued(
        X509Certificate issuer,
        CertificateFacts issuerFacts,
        CertificateFacts child)
    {
        // RFC 5280 §6.1.3 (a)(4) chains by name; RFC 4158 §3.5.12 adds key identifiers to
        // tell apart CAs that share a name.
        if (!issuer.SubjectDN.Equivalent(child.Certificate.IssuerDN, true))
        {
            return false;
        }

        var wanted = child.AuthorityKeyIdValue;
        var offered = issuerFacts.SubjectKeyId;
        return wanted is null || offered is null || wanted.AsSpan().SequenceEqual(offered);
    }

    private sealed class Search
    {
        private readonly PathValidator _validator;
        private readonly ValidationOptions _options;
        private readonly List<(X509Certificate Certificate, CertificateFacts Facts)> _pool;
        private readonly List<(X509Certificate Certificate, CertificateFacts Facts)> _anchors;
        private readonly List<X509Certificate> _plainPool;
        private readonly int _depth;
        private int _steps;

        public Search(
            PathValidator validator,
            ValidationOptions options,
            List<X509Certificate> pool,
            int depth)
        {
            _validator = validator;
            _plainPool = pool;
            _depth = depth;
            _options = options;
            _pool = pool.Select(c => (c, CertificateFacts.Read(c))).ToList();
            _anchors = validator._anchors.Select(c => (c, CertificateFacts.Read(c))).ToList();
        }

        public List<CandidatePath> Candidates { get; } = [];

        public ValidationResult? FirstFailure { get; private set; }

        public bool WorkExceeded { get; private set; }

        public bool DepthReached { get; private set; }

        public X509Certificate StuckAt { get; private set; } = null!;

        public int Steps => Math.Min(_steps, _options.MaxBuildSteps);

        public ValidationResult? Extend(List<X509Certificate> chain, CertificateFacts current)
        {
            StuckAt ??= chain[^1];

            // Trust anchors first: the shortest path is the likeliest good one.
            foreach (var (anchor, facts) in _anchors)
            {
                if (!Step() || !CouldHaveIssued(anchor, facts, current) || chain.Contains(anchor))
                {
                    if (WorkExceeded)
                    {
                        return null;
                    }

                    continue;
                }

                var path = new List<X509Certificate>(chain) { anchor };
                var result = new PathCheck(path, _options, _validator, _plainPool, _depth).Run();
                Candidates.Add(new CandidatePath(path, result.Failure, result.Reason));
                if (result.IsValid)
                {
                    return result;
                }

                FirstFailure ??= result;
                if (Candidates.Count >= _options.MaxCandidatePaths)
                {
                    WorkExceeded = true;
                    return null;
                }
            }

            // Self-issued certificates (a CA renewing its own key) do not count toward the
            // depth, as for pathLenConstraint; a hard cap still bounds them.
            var logical = chain.Skip(1).Count(c => !c.SubjectDN.Equivalent(c.IssuerDN, true));
            if (chain.Count > 2 * _options.MaxIntermediates + 2)
            {
                DepthReached = true;
                return null;
            }

            foreach (var (intermediate, facts) in _pool)
            {
                if (!Step())
                {
                    return null;
                }

                if (!CouldHaveIssued(intermediate, facts, current) || Loops(chain, intermediate))
                {
                    continue;
                }

                if (logical + (facts.IsSelfIssued ? 0 : 1) > _options.MaxIntermediates)
                {
                    DepthReached = true;
                    continue;
                }

                chain.Add(intermediate);
                var found = Extend(chain, facts);
                chain.RemoveAt(chain.Count - 1);
                if (found is not null || WorkExceeded)
                {
                    return found;
                }
            }

            if (chain.Count > 1 && FirstFailure is null)
            {
                StuckAt = chain[^1];
            }

            return null;
        }

        private bool Step()
        {
            if (++_steps > _options.MaxBuildSteps)
            {
                WorkExceeded = true;
                return false;
            }

            return true;
        }

        // RFC 4158 §5.2: a certificate, or the same name with the same key, may appear only
        // once in a path, or building could go round a cycle of cross-certificates forever.
        private static bool Loops(List<X509Certificate> chain, X509Certificate candidate) =>
            chain.Any(c => c.Equals(candidate)
                || (c.SubjectDN.Equivalent(candidate.SubjectDN, true)
                    && c.CertificateStructure.SubjectPublicKeyInfo.Equals(
                        candidate.CertificateStructure.SubjectPublicKeyInfo)));
    }

    /// <summary>The checks of RFC 5280 §6.1 on one path, from the trust anchor down.</summary>
    private sealed class PathCheck
    {
        private readonly IReadOnlyList<X509Certificate> _path;
        private readonly ValidationOptions _options;
        private readonly PathValidator _validator;
        private readonly IReadOnlyList<X509Certificate> _pool;
        private readonly int _depth;
        private readonly List<ValidationCheck> _trace = [];
        private ValidationCheck? _firstFailure;
        private X509Certificate? _failedCertificate;
        private RevocationReason? _revocationReason;

        public PathCheck(
            IReadOnlyList<X509Certificate> path,
            ValidationOptions options,
            PathValidator validator,
            IReadOnlyList<X509Certificate> pool,
            int depth)
        {
            _path = path;
            _options = options;
            _validator = validator;
            _pool = pool;
            _depth = depth;
        }

        private bool WebPki => _options.Profile == ValidationProfile.WebPki;

        public ValidationResult Run()
        {
            var facts = _path.Select(CertificateFacts.Read).ToList();
            var anchorIndex = _path.Count - 1;
            for (var i = anchorIndex; i >= 0; i--)
            {
                var certificate = _path[i];
                var fact = facts[i];
                var role = i == anchorIndex
                    ? "trust anchor"
                    : i == 0 ? "end-entity" : "intermediate";

                try
                {
                    CheckCertificate(i, certificate, fact, role, facts);
                }
                catch (Exception e) when (Pem.IsParseFailure(e))
                {
                    // BouncyCastle parses some fields lazily; a late parse error rejects.
                    Record(i, "encoding", false, "the certificate does not parse: " + e.Message);
                }
            }

            if (_firstFailure is null)
            {
                return new ValidationResult(PathValidationFailure.None, "valid", null, _path,
                    _trace, []);
            }

            return new ValidationResult(_firstFailure.Failure, _firstFailure.Detail,
                _failedCertificate, _path, _trace, [], _revocationReason);
        }

        private void CheckCertificate(
            int i,
            X509Certificate certificate,
            CertificateFacts fact,
            string role,
            List<CertificateFacts> facts)
        {
            var anchorIndex = _path.Count - 1;
            CheckEncoding(i, fact);
            CheckPublicKey(i, certificate);
            if (i == anchorIndex)
            {
                Record(i, "trust anchor", true,
                    "trusted because it is configured as a trust anchor; its own " +
                    "signature is not checked (RFC 5280 §6.1.1 (d))");
            }
            else
            {
                CheckSignature(i, certificate, _path[i + 1]);
                Record(i, "issuer name", certificate.IssuerDN.Equivalent(
                        _path[i + 1].SubjectDN, true),
                    $"issuer '{certificate.IssuerDN}' equals the subject of the " +
                    "certificate above (RFC 5280 §6.1.3 (a)(4))",
                    PathValidationFailure.NameChaining);
            }

            CheckValidity(i, certificate);
            CheckKeyIdentifiers(i, fact, i == anchorIndex ? null : facts[i + 1]);
            if (i != anchorIndex && _options.Revocation != RevocationMode.None)
            {
                CheckRevocation(i, certificate, _path[i + 1], facts[i + 1]);
            }

            CheckCriticalExtensions(i, fact);
            if (i > 0)
            {
                CheckCa(i, fact, role, facts);
            }
            else
            {
                CheckEndEntity(fact);
            }
        }

        private void Record(
            int position,
            string check,
            bool passed,
            string detail,
            PathValidationFailure failure = PathValidationFailure.MalformedCertificate)
        {
            var entry = new ValidationCheck(position, _path[position].SubjectDN.ToString(), check,
                passed, detail, passed ? PathValidationFailure.None : failure);
            _trace.Add(entry);
            if (!passed && _firstFailure is null)
            {
                _firstFailure = entry;
                _failedCertificate = _path[position];
            }
        }

        private void CheckEncoding(int i, CertificateFacts fact)
        {
            var certificate = _path[i];
            var problem = fact.Problem;
            var structure = certificate.CertificateStructure;
            if (problem is null && certificate.Version != 3)
            {
                problem = $"version is v{certificate.Version}; only v3 certificates can carry " +
                    "the extensions this profile needs (RFC 5280 §4.1.2.1)";
            }

            var serial = structure.SerialNumber.Value;
            // A trust anchor's serial never matters (it is trusted by configuration, and
            // some long-lived roots use serial 0), so the rule applies below the anchor.
            var isAnchor = i == _path.Count - 1;
            if (problem is null && !isAnchor
                && (serial.SignValue <= 0 || serial.ToByteArrayUnsigned().Length > 20))
            {
                problem = "serialNumber must be positive and at most 20 octets " +
                    "(RFC 5280 §4.1.2.2)";
            }

            if (problem is null
                && !structure.SignatureAlgorithm.Equals(structure.TbsCertificate.Signature))
            {
                problem = "signatureAlgorithm differs from tbsCertificate.signature " +
                    "(RFC 5280 §4.1.1.2)";
            }

            if (problem is null && structure.Issuer.GetOidList().Count == 0)
            {
                problem = "the issuer name is empty (RFC 5280 §4.1.2.4)";
            }

            problem ??= TimeEncodingProblem(certificate);
            Record(i, "encoding", problem is null,
                problem ?? "well-formed v3 certificate (RFC 5280 §4.1)");
        }

        private static string? TimeEncodingProblem(X509Certificate certificate)
        {
            // RFC 5280 §4.1.2.5: UTCTime YYMMDDHHMMSSZ through 2049, GeneralizedTime
            // YYYYMMDDHHMMSSZ from 2050, always in Zulu and without fractions of a second.
            try
            {
                var layout = CertificateInspector.Layout(certificate);
                var validity = layout.TbsFields.First(f => f.Name == "validity").Range;
                var der = layout.Der;
                var position = validity.Offset;
                var outer = DerElement.Read(der, position, validity.End);
                position = outer.Contents.Offset;
                for (var k = 0; k < 2; k++)
                {
                    var time = DerElement.Read(der, position, validity.End);
                    var text = System.Text.Encoding.ASCII.GetString(
                        der, time.Contents.Offset, time.ContentLength);
                    var ok = time.Tag switch
                    {
                        0x17 => text.Length == 13 && text[12] == 'Z'
                            && text[..12].All(char.IsAsciiDigit),
                        // GeneralizedTime before 2050 breaks a CA-side MUST only; PKITS
                        // 4.2.4 expects validators to accept it.
                        0x18 => text.Length == 15 && text[14] == 'Z'
                            && text[..14].All(char.IsAsciiDigit),
                        _ => false,
                    };
                    if (!ok)
                    {
                        return $"validity time '{text}' is not encoded as RFC 5280 §4.1.2.5 " +
                            "requires (UTCTime through 2049, GeneralizedTime after, " +
                            "seconds and Z, no fractions)";
                    }

                    position = time.Whole.End;
                }

                return null;
            }
            catch (Exception e) when (Pem.IsParseFailure(e))
            {
                return "validity does not parse: " + e.Message;
            }
        }

        private void CheckPublicKey(int i, X509Certificate certificate)
        {
            string? problem;
            try
            {
                problem = KeyProblem(certificate.CertificateStructure.SubjectPublicKeyInfo);
            }
            catch (Exception e) when (Pem.IsParseFailure(e))
            {
                problem = "the public key does not parse: " + e.Message;
            }

            Record(i, "public key", problem is null, problem ?? "accepted key type and size",
                PathValidationFailure.WeakKey);
        }

        // Read from subjectPublicKeyInfo directly (RFC 3279 §2.3.1, RFC 5480 §2.1.1).
        private static string? KeyProblem(SubjectPublicKeyInfo spki)
        {
            switch (spki.Algorithm.Algorithm.Id)
            {
                case "1.2.840.113549.1.1.1":
                    var bits = RsaPublicKeyStructure.GetInstance(spki.ParsePublicKey())
                        .Modulus.BitLength;
                    return bits < 2048
                        ? $"RSA key of {bits} bits; at least 2048 are required"
                        : bits % 8 != 0
                            ? $"RSA modulus of {bits} bits is not a whole number of bytes"
                            : null;
                case "1.2.840.10045.2.1":
                    var parameters = X962Parameters.GetInstance(spki.Algorithm.Parameters);
                    if (!parameters.IsNamedCurve)
                    {
                        return "EC key with explicit curve parameters; only named curves are " +
                            "allowed (RFC 5480 §2.1.1)";
                    }

                    var curve = DerObjectIdentifier.GetInstance(parameters.Parameters);
                    return SignatureAlgorithms.IsAcceptedCurve(curve)
                        ? null
                        : $"EC key on {SignatureAlgorithms.CurveName(curve)}, which is not " +
                          "accepted (P-256, P-384, P-521 are)";
                case var other:
                    return $"keys of algorithm {other} are not accepted (RSA and ECDSA are)";
            }
        }

        private void CheckSignature(int i, X509Certificate certificate, X509Certificate issuer)
        {
            if (!SignatureAlgorithms.IsSupported(certificate.SigAlgOid))
            {
                Record(i, "signature", false,
                    $"signature algorithm {certificate.SigAlgOid} ({certificate.SigAlgName}) " +
                    "is not accepted", PathValidationFailure.UnsupportedAlgorithm);
                return;
            }

            var valid = SignatureCache.Verifies(certificate, issuer);
            Record(i, "signature", valid,
                valid
                    ? $"{SignatureAlgorithms.Name(certificate.SigAlgOid)} signature verifies " +
                      $"with the key of '{issuer.SubjectDN}' (RFC 5280 §6.1.3 (a)(1))"
                    : $"the signature does not verify with the public key of " +
                      $"'{issuer.SubjectDN}' (RFC 5280 §6.1.3 (a)(1))",
                PathValidationFailure.BadSignature);
        }

        private void CheckValidity(int i, X509Certificate certificate)
        {
            // Certificates state times to the second (RFC 5280 §4.1.2.5), so the validation
            // time is cut to the second too: 00:00:00.999 is still 00:00:00.
            var exact = _options.Time.UtcDateTime;
            var time = exact.AddTicks(-(exact.Ticks % TimeSpan.TicksPerSecond));
            var notBefore = certificate.NotBefore.ToUniversalTime();
            var notAfter = certificate.NotAfter.ToUniversalTime();
            if (time < notBefore)
            {
                Record(i, "validity", false,
                    $"not valid before {notBefore:u}; validation time is {time:u} " +
                    "(RFC 5280 §6.1.3 (a)(2))", PathValidationFailure.NotYetValid);
            }
            else if (time > notAfter)
            {
                Record(i, "validity", false,
                    $"expired at {notAfter:u}; validation time is {time:u} " +
                    "(RFC 5280 §6.1.3 (a)(2))", PathValidationFailure.Expired);
            }
            else
            {
                Record(i, "validity", true, $"{time:u} lies within {notBefore:u} .. {notAfter:u}");
            }
        }

        private void CheckKeyIdentifiers(int i, CertificateFacts fact, CertificateFacts? issuer)
        {
            var isCa = i > 0;
            string? problem = null;
            if (fact.IsCritical(X509Extensions.AuthorityKeyIdentifier)
                || fact.IsCritical(X509Extensions.SubjectKeyIdentifier))
            {
                problem = "key identifier extensions MUST NOT be critical (RFC 5280 §4.2.1.1, " +
                    "§4.2.1.2)";
            }
            else if (isCa && fact.SubjectKeyId is null)
            {
                problem = "a CA certificate MUST carry subjectKeyIdentifier (RFC 5280 §4.2.1.2)";
            }
            else if (fact.AuthorityKeyId is null && !IsSelfSigned(fact)
                && !(WebPki && i == _path.Count - 1))
            {
                // The Web PKI takes a trust anchor as a root CA certificate, for which the
                // CA/Browser Forum BR §7.1.2.1 only recommend authorityKeyIdentifier, even
                // when the root is also cross-signed by another CA; RFC 5280 §4.2.1.1
                // excuses only self-signed certificates.
                problem = "authorityKeyIdentifier is required in every certificate that is " +
                    "not self-signed (RFC 5280 §4.2.1.1)";
            }
            else if (fact.AuthorityKeyId is { } aki)
            {
                if (aki.KeyIdentifier is null)
                {
                    problem = "authorityKeyIdentifier lacks keyIdentifier (RFC 5280 §4.2.1.1)";
                }
                else if (aki.AuthorityCertIssuer is not null
                    || aki.AuthorityCertSerialNumber is not null)
                {
                    problem = "authorityKeyIdentifier names the issuer's issuer and serial; " +
                        "this profile allows keyIdentifier only";
                }
                else
                {
                    var target = issuer?.SubjectKeyId
                        ?? (IsSelfSigned(fact) ? fact.SubjectKeyId : null);
                    if (target is not null
                        && !target.AsSpan().SequenceEqual(fact.AuthorityKeyIdValue))
                    {
                        problem = "authorityKeyIdentifier does not match the issuer's " +
                            "subjectKeyIdentifier";
                    }
                }
            }

            Record(i, "key identifiers", problem is null,
                problem ?? "subjectKeyIdentifier and authorityKeyIdentifier as RFC 5280 " +
                "§4.2.1.1-2 require");
        }

        private static bool IsSelfSigned(CertificateFacts fact)
        {
            if (!fact.IsSelfIssued)
            {
                return false;
            }

            return SignatureCache.Verifies(fact.Certificate, fact.Certificate);
        }

        private void CheckRevocation(
            int i,
            X509Certificate certificate,
            X509Certificate issuer,
            CertificateFacts issuerFacts)
        {
            // A CRL signed by another certificate of the same CA needs that certificate's
            // own path validated; two levels of this are enough and keep the work bounded.
            var signers = _pool.Concat(_validator._anchors).ToList();
            Func<X509Certificate, bool>? signerPathIsValid = _depth >= 2
                ? null
                : signer => _validator._anchors.Contains(signer)
                    || _validator.ValidateAt(signer, _pool.ToList(), _options with
                    {
                        Purpose = KeyPurpose.Any,
                        HostName = null,
                        RequiredKeyUsage = 0,
                        Profile = ValidationProfile.Rfc5280,
                    }, _depth + 1).IsValid;
            var outcome = CrlChecker.Check(certificate, issuer, issuerFacts, _options, signers,
                signerPathIsValid);
            if (outcome.Failure == PathValidationFailure.Revoked)
            {
                _revocationReason ??= outcome.Reason;
            }

            Record(i, "revocation", outcome.Failure == PathValidationFailure.None, outcome.Detail,
                outcome.Failure);
        }

        private void CheckCriticalExtensions(int i, CertificateFacts fact)
        {
            var unsupported = fact.Extensions.Keys.FirstOrDefault(s_unsupported.Contains);
            if (unsupported is not null)
            {
                Record(i, "extensions", false,
                    $"{CertificateInspector.ExtensionName(unsupported)} is not implemented by " +
                    "this validator, so it rejects rather than guess",
                    PathValidationFailure.UnsupportedFeature);
                return;
            }

            var unknown = fact.Extensions
                .Where(e => e.Value.IsCritical && !s_understood.Contains(e.Key))
                .Select(e => CertificateInspector.ExtensionName(e.Key))
                .FirstOrDefault();
            if (fact.IsCritical(X509Extensions.AuthorityInfoAccess))
            {
                Record(i, "extensions", false,
                    "authorityInfoAccess MUST NOT be critical (RFC 5280 §4.2.2.1)",
                    PathValidationFailure.MalformedCertificate);
                return;
            }

            Record(i, "extensions", unknown is null,
                unknown is null
                    ? "every critical extension is understood (RFC 5280 §6.1.4 (o))"
                    : $"critical extension {unknown} is not recognised (RFC 5280 §4.2)",
                PathValidationFailure.UnknownCriticalExtension);
        }

        private void CheckCa(
            int i,
            CertificateFacts fact,
            string role,
            List<CertificateFacts> facts)
        {
            var constraints = fact.BasicConstraints;
            var isAnchor = i == _path.Count - 1;
            if (constraints is null || !constraints.IsCA())
            {
                Record(i, "basicConstraints", false,
                    $"this {role} issues certificates but " +
                    (constraints is null ? "has no basicConstraints" : "says cA FALSE") +
                    " (RFC 5280 §6.1.4 (k))", PathValidationFailure.NotCa);
            }
            else if (!fact.IsCritical(X509Extensions.BasicConstraints) && isAnchor)
            {
                Record(i, "basicConstraints", false,
                    "the trust anchor's basicConstraints is not critical; CAs MUST mark it " +
                    "critical (RFC 5280 §4.2.1.9)");
            }
            else
            {
                Record(i, "basicConstraints", true, "cA TRUE");
            }

            if (constraints?.PathLenConstraint is { } limit)
            {
                // §6.1.4 (l), (m): count the CA certificates below this one, skipping
                // self-issued ones (key rollover), and excluding the end-entity.
                var below = Enumerable.Range(1, Math.Max(0, i - 1))
                    .Count(j => !facts[j].IsSelfIssued);
                Record(i, "pathLenConstraint", below <= limit.IntValue,
                    $"pathLenConstraint {limit} allows {limit} CA certificates below; " +
                    $"the path has {below} (RFC 5280 §6.1.4 (l)-(m))",
                    PathValidationFailure.PathLengthExceeded);
            }

            if (fact.KeyUsage is { } usage)
            {
                Record(i, "keyUsage", (usage & KeyUsage.KeyCertSign) != 0,
                    (usage & KeyUsage.KeyCertSign) != 0
                        ? "keyCertSign is set"
                        : "keyUsage lacks keyCertSign, so this key may not sign certificates " +
                          "(RFC 5280 §6.1.4 (n))",
                    PathValidationFailure.MissingKeyCertSign);
            }

            if (fact.Certificate.SubjectDN.GetOidList().Count == 0)
            {
                Record(i, "subject", false,
                    "a CA's subject MUST NOT be empty (RFC 5280 §4.1.2.6)");
            }

            if (isAnchor && WebPki && fact.ExtendedKeyUsage is not null)
            {
                Record(i, "extendedKeyUsage", false,
                    "a root CA certificate must not carry extendedKeyUsage " +
                    "(CA/Browser Forum BR §7.1.2.1.2)",
                    PathValidationFailure.WrongExtendedKeyUsage);
            }
        }

        private void CheckEndEntity(CertificateFacts fact)
        {
            if (fact.BasicConstraints?.IsCA() == true && WebPki)
            {
                Record(0, "end-entity", false,
                    "the end-entity certificate is a CA certificate (cA TRUE); this profile " +
                    "does not accept a CA as the end of a path",
                    PathValidationFailure.CaUsedAsEndEntity);
            }
            else if (fact.BasicConstraints?.IsCA() != true && fact.KeyUsage is { } usage
                && (usage & KeyUsage.KeyCertSign) != 0)
            {
                Record(0, "end-entity", false,
                    "keyCertSign is set but cA is not (RFC 5280 §4.2.1.3)");
            }
            else
            {
                Record(0, "end-entity", true, "not a CA certificate");
            }

            if (_options.RequiredKeyUsage != 0 && fact.KeyUsage is { } bits)
            {
                var required = _options.RequiredKeyUsage;
                Record(0, "keyUsage", (bits & required) == required,
                    "keyUsage must allow the use the key is put to (RFC 5280 §4.2.1.3)",
                    PathValidationFailure.KeyUsageMismatch);
            }

            CheckExtendedKeyUsage(fact);
            CheckSubjectAltName(fact);
        }

        private void CheckExtendedKeyUsage(CertificateFacts fact)
        {
            if (_options.Purpose == KeyPurpose.Any)
            {
                return;
            }

            var wanted = _options.Purpose == KeyPurpose.ServerAuth ? ServerAuth : ClientAuth;
            var name = CertificateInspector.PurposeName(wanted);
            string? problem = fact.ExtendedKeyUsage switch
            {
                null when !WebPki => null,
                null => $"no extendedKeyUsage; a TLS certificate must name {name} " +
                    "(CA/Browser Forum BR §7.1.2.7.6)",
                var usages when WebPki && usages.Contains(AnyExtendedKeyUsage) =>
                    "anyExtendedKeyUsage is not accepted for TLS (CA/Browser Forum BR " +
                    "§7.1.2.7.10)",
                var usages when !usages.Contains(wanted)
                        && !usages.Contains(AnyExtendedKeyUsage) =>
                    "extendedKeyUsage is " +
                    string.Join(", ", usages.Select(CertificateInspector.PurposeName)) +
                    $", not {name} (RFC 5280 §4.2.1.12)",
                _ when WebPki && fact.IsCritical(X509Extensions.ExtendedKeyUsage) =>
                    "extendedKeyUsage is critical, which the CA/Browser Forum BR " +
                    "§7.1.2.7.6 forbids",
                _ => null,
            };
            Record(0, "extendedKeyUsage", problem is null, problem ?? $"allows {name}",
                PathValidationFailure.WrongExtendedKeyUsage);
        }

        // CA/Browser Forum BR §7.1.4.3: a commonName, if present, must be a copy, byte for
        // byte, of a dNSName entry, or the text of an iPAddress entry. A client never
        // matches against it, but a certificate where the two disagree is misissued.
        private static string? CommonNameProblem(CertificateFacts fact)
        {
            var names = fact.SubjectAltName!.GetNames();
            var allowed = names.Where(n => n.TagNo == GeneralName.DnsName)
                .Select(n => n.Name.ToString()!)
                .Concat(names.Where(n => n.TagNo == GeneralName.IPAddress)
                    .Select(n => Asn1OctetString.GetInstance(n.Name).GetOctets())
                    .Where(b => b.Length is 4 or 16)
                    .Select(b => new System.Net.IPAddress(b).ToString()))
                .ToHashSet(StringComparer.Ordinal);
            var commonNames = fact.Certificate.SubjectDN.GetValueList(X509Name.CN);
            var stray = commonNames.FirstOrDefault(cn => !allowed.Contains(cn));
            return stray is null
                ? null
                : $"commonName '{stray}' is not a character-for-character copy of a " +
                  "subjectAltName entry (CA/Browser Forum BR §7.1.4.3)";
        }

        private void CheckSubjectAltName(CertificateFacts fact)
        {
            var subjectEmpty = fact.Certificate.SubjectDN.GetOidList().Count == 0;
            if (fact.SubjectAltName is not null)
            {
                var critical = fact.IsCritical(X509Extensions.SubjectAlternativeName);
                if (subjectEmpty && !critical)
                {
                    Record(0, "subjectAltName", false,
                        "with an empty subject, subjectAltName MUST be critical " +
                        "(RFC 5280 §4.2.1.6)");
                    return;
                }

                if (!subjectEmpty && critical && WebPki)
                {
                    Record(0, "subjectAltName", false,
                        "subjectAltName is critical although the subject is not empty " +
                        "(CA/Browser Forum BR §7.1.2.7.12)");
                    return;
                }
            }

            if (WebPki && _options.Purpose == KeyPurpose.ServerAuth
                && fact.SubjectAltName is not null
                && CommonNameProblem(fact) is { } cnProblem)
            {
                Record(0, "subject commonName", false, cnProblem);
                return;
            }

            if (_options.HostName is not { } host)
            {
                return;
            }

            var names = fact.SubjectAltName?.GetNames() ?? [];
            if (names.Length == 0)
            {
                Record(0, "host name", false,
                    $"no subjectAltName to match '{host}' against; the subject's common name " +
                    "is not used (RFC 6125 §6.4.4)", PathValidationFailure.HostNameMismatch);
                return;
            }

            var ip = HostNameMatcher.ParseIpLiteral(host);
            GeneralName? match = null;
            foreach (var name in names)
            {
                if (ip is not null && name.TagNo == GeneralName.IPAddress)
                {
                    var bytes = Asn1OctetString.GetInstance(name.Name).GetOctets();
                    if (bytes.AsSpan().SequenceEqual(ip.GetAddressBytes()))
                    {
                        match = name;
                        break;
                    }
                }
                else if (ip is null && name.TagNo == GeneralName.DnsName
                    && HostNameMatcher.MatchesDns(name.Name.ToString()!, host,
                        _options.PublicSuffixes))
                {
                    match = name;
                    break;
                }
            }

            var presented = string.Join(", ", names.Select(CertificateInspector.DescribeName));
            Record(0, "host name", match is not null,
                match is not null
                    ? $"'{host}' matches {CertificateInspector.DescribeName(match)} " +
                      "(RFC 6125 §6.4)"
                    : $"'{host}' matches none of {presented} (RFC 6125 §6.4)",
                PathValidationFailure.HostNameMismatch);
        }
    }
}

internal static class ValidationResultExtensions
{
    public static ValidationResult With(
        this ValidationResult result,
        List<CandidatePath> candidates,
        int buildSteps) =>
        new(result.Failure, result.Reason, result.FailedCertificate, result.Path, result.Trace,
            candidates.ToList(), result.RevocationReason) { BuildSteps = buildSteps };
}
