"""The county's witness (C2SP tlog-witness): co-signs a township's checkpoint only if it extends the last one it saw.

Its own key, its own small SQLite store of the last co-signed checkpoint per township, and the
evidence of every refusal; reached over HTTP (``http``) or by files (``taizhang witness cosign``).
"""
