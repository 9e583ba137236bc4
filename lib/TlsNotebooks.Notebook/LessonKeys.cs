namespace TlsNotebooks.Notebook;

/// <summary>
/// The RSA keys of the handshake notebook's servers, fixed so that every run shows the same
/// certificates and signatures (generating a 2048-bit RSA key from a seed takes many seconds).
/// They are public: whoever reads this file holds them. Teaching only.
/// </summary>
internal static class LessonKeys
{
    /// <summary>The lesson server's key (PKCS #8 PEM).</summary>
    public const string Lesson =
        "-----BEGIN PRIVATE KEY-----\n"
        + "MIIEvgIBADANBgkqhkiG9w0BAQEFAASCBKgwggSkAgEAAoIBAQCwtajZDn66IO+A\n"
        + "IKVaO4bZ4vHkbUBbHl7WM60zk/zCxhyCZvL7mCaHmy7bEATegW55pl9sX2872Phq\n"
        + "611ZqK6bsnp4MMSkY9lzKmaOQOzC4EkKq0+MfGo9MkEJF5JtnIFYwhmiKAOdyYPY\n"
        + "H1W9QF7Jc/cPvups8d5QzEYwUavftQ5ReYdOvR/T10qb0VRG/LE4VZkVeIISJJLT\n"
        + "gyDNqWfZPZPYlcWlISigGPWF51j3zMFBbgYADvLUt4ioyinK4+OV2NdlIg1DDf2P\n"
        + "tcJ2lrDJ6DFB1IKXg1/+YM3AJNoaA/eyOlWltkMYX3OZ0X40WZPDV/w2CsPaW5Yw\n"
        + "Y/WMzG7tAgMBAAECggEAArjRoIJOJmzSc51NHr4y/hE2W6fpKV4m5NLH9LbvWkq1\n"
        + "7rZKQODfmxAjYSF2ibzhqEMNTjyMGJZngTId7n8gLWrK4yYRKV0WYOVCzicm3nuY\n"
        + "9G6eG5JhCo9HHC4+Raz2+xiGT46hO6F6g+47ol4m96BvKlFtB/+TxpfW7vCbHqeD\n"
        + "Qvlh46AParflikLuMYDFw1k+WlHnTstSNY2kju8Z6QUoA+ml4LBXQLXe086o3xTs\n"
        + "dbq8rjbgIfvNK0umskgK/EH37/TKq6sB5tzhx0Owim+RbIyCfEMl5kWuvhdd+xM6\n"
        + "DpALyQH7oiEKTm4tL2j7NR4a2INFF8zl84ndaVulqwKBgQDWHcKT5QXoIr3St9DB\n"
        + "1RoZZnm+lTA4rw3bdp+Y6mgEfdrAS9H35+amyhldKY+SNqkiaEKfv7XgFP9U7KAj\n"
        + "i+zzpYO5QFsO3oFR0tkNuLP7/6ch23bszNDG8+IpyOwrJdZtyWqL08tbH5TyMBAx\n"
        + "lQBRk/h4G/jr3V30njTwi3zCwwKBgQDTRrKMMxRmyf+pztW6BZxH6G08n+qNbRKo\n"
        + "bs3ygNJa1LZgJgTnI8AqFJqoCc1lsdlOzTNpDZ2U4HMPUfSEzg5TpoyazXvmDurc\n"
        + "trQ488gg6i3Sopw2oFBqx+gA9tAvif9aCLzvNgScHqiq4fYkyWcMpv0hzjd5onYF\n"
        + "4duZznOMjwKBgQDMCl4jO8uONJU6Ger428/cRrhbsqXaTo9hBUD/otlu9lQgjeBQ\n"
        + "YxB8/vh+vB1SE37ICBz9SN7T5I6RalEMrsomQSMuxTJBEC6iP9CR7+KskSq+6/n/\n"
        + "nQqTnVN3yD2uvIcD5j3/c9xFQOpahQzZgwljtCPCqb1jX3eqpZ0DYZmJqwKBgQCj\n"
        + "flMO8Tw5atmgc0GrKUpNzwwxXOLqPFyy4MQYhB3EUlUrRGCI6X58UeN4Y9WBe8ZZ\n"
        + "F6xQAExQd/wx/87Dsp0dmIW4CYl2d1bCI9SFOglFh1KcbF+MWjTA3R+pF1X1Y8mp\n"
        + "x5dFWbzpf0QwsJmE0CIhhVvffDArvU+tr6D7feqm+wKBgAqtFZ/IjgNoWcQ7J2eT\n"
        + "mw7ZQNjxp1/SUgJ1wA4RLLVd54OERvtmtjBExxVgFoQB2Wd/yDYhGs7YSJ3pDSQB\n"
        + "1x4nvm081w0a+VvpfvhnhQZ2KPLXqa6Ata7CD06z7EOxZ/YC7NAe8swvX28+Gs6z\n"
        + "LpBKbKDK17ZLGRFCirZ/AeT2\n"
        + "-----END PRIVATE KEY-----\n";

    /// <summary>Mallory's server key (PKCS #8 PEM).</summary>
    public const string Mallory =
        "-----BEGIN PRIVATE KEY-----\n"
        + "MIIEvAIBADANBgkqhkiG9w0BAQEFAASCBKYwggSiAgEAAoIBAQCg/a9VO32O5UAR\n"
        + "WKN0X+0/FhLENHvgSKHsT/V0vWiiYAHVcy7V9/w9G4vPIHPxOjCswfRJUK+/Ka52\n"
        + "3b8Cft+2YmgwzUs5igVPfI7pkE/q6wIw9VqnUUErGjdaUq9k4TvfMufVHEyAMKL5\n"
        + "tfzwvsdQ+9/rHj6QsQbWe8hOPWih7p0jJSLRX4tTXZeyZkYerjuZAemogCjJBi2G\n"
        + "Z5+K9Vz3BXSLZRVcR/pVtEng9FDe81s62LSOmaYnBTcXHt0cR+uaCjIpDLt4APzP\n"
        + "NG+CRJVb02Y0OoPpGgp7eeewl1nV2rId8xO52F7vRs1fQbsQIjs08e0wPnk0FE0i\n"
        + "v+lztvd5AgMBAAECggEAD460XnfM3sqhcfIVsAdQTyP8IeD+7GILrWFEueIb6T6x\n"
        + "4d8RpZrwHmk52rhEiNYAu8RUFEmra71eOLc3eckQJ8XdH7b9dmZm51/rR5lEjJ6z\n"
        + "q+hQUsVaMNofUA3+TEqS+8y/KCvMUMIvRBMlvSlFuNO+UP0WB4Sz9NvDzZvHL4hP\n"
        + "FsFZW//vXEzDxaHzDwZ3FnVHwOaekIq8kbGtGMdFun+/eU17E0DAZLOiOe5OjoHY\n"
        + "XxLOFA8JOf85vYeoOP66DLVgqShG4ihLMw6zSrYXvh+BDpnlp9FZYQoouybfXfwx\n"
        + "krQKxpQRI3KqCwPkU2NdjEq5DRSNiPVpn/ktG9mP6QKBgQDSO1WUsFH4TVvjs1SQ\n"
        + "4vQBSlhKvfxg3kggeFhOUwd2ZtIOCQtPOcqwRGmhK6wdpS1n4dPJ7mzfJqNXzrq/\n"
        + "YzFFDRY+9tf0560l7wDQKgTKkDFJHM94XM/7F09tSiNP5pf+gi0BaZo+ia9VaNWi\n"
        + "Os8S+3ng8VJAFqMrpG3kB+Eu2wKBgQDECg3+i2QiqEFO4IV/MLQUPbPtiZWKJ2Mn\n"
        + "YF12FL9QacnuxPWwspeooN6AQVzgXDZu+CMOmT3x89VPxUlqUgXTP2oe4O+3mzXC\n"
        + "Vdl/89211P46ViWOvJfhaGNzLzh8BOE4yWKbMHQDJqeX4GMJa9YNzWsXQ8HNwgzU\n"
        + "Hk9sOq/xOwKBgAczmyHlzFkKJVyudvYjoCIvLskYqv2Sf7wFA1ljhLzslsN+UdHb\n"
        + "8/KH1Wp8+X9meiC13rBrJ3WZeDz4yvLlbfmkkh+ECy/Lg+XpwwheeB2MRPPxNbY0\n"
        + "z7cVPFZNFNqW1pwUT4Bd4rfDtariVXciNpe635jyC1RAskQ7dLw7/N3DAoGAGoCx\n"
        + "e6QkmXrduWgpJBTVg5cD6C0dhlvkz8H7YKdVZe2nWxxNiuHaFvYInpY3lC1jPoVV\n"
        + "V/fno/ou8GXfkvwbxX9hPWNzhQL6tZcdnGq/ooF1DTXwRefBMLwIFd5gaIPQXvj6\n"
        + "17gpNvPW3HV9bhyiB6Opwq9qWALP8S1X123ns1kCgYBoWx9FlaN03QXmJLYBA9hV\n"
        + "eayk622fwJaQY3Ig32KjhZmc4/QZonpl1LZLajQiUbtdnWG5qhDxmAH1rkg/RunC\n"
        + "2eWf68GcaV+HRpXlwPgjy3J5hOKecatiSHu9wH7LpKX0Vqs7FFiQvnp9BJkNGmAm\n"
        + "M14et5HHc+b8vyFI3TPNgw==\n"
        + "-----END PRIVATE KEY-----\n";
}
