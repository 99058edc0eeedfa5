"""Single sign-on: OpenID Connect providers per workspace and the sign-in flow against them."""
