"""Reading what customers write: the workspace's stored text vectors, its analysts' corrections and the
sentiment head refitted from them, shared by surveys, tickets and the feedback reports."""
