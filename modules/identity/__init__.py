"""Identity: a Cognito user pool and app client per serving region."""
