"""The customer portal: contacts sign in with an e-mailed link and see their own or company tickets."""
