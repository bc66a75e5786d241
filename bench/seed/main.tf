# The seed of the bench's large plan: one realistic stack touching every
# resource type sealgate judges (and the keys they use). bench/plan.py copies
# its planned changes into many module instances; `python scripts/make_plans.py
# bench/seed` regenerates plan.json with the real terraform.
provider "aws" {
  region                      = "us-east-1"
  access_key                  = "mock_access_key"
  secret_key                  = "mock_secret_key"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
  skip_region_validation      = true
}

resource "aws_kms_key" "data" {
  description             = "Customer managed key for the stack's data"
  deletion_window_in_days = 7
  enable_key_rotation     = true
}

resource "aws_sqs_queue" "orders" {
  name = "orders-intake"
}

resource "aws_sqs_queue" "exports" {
  name                    = "report-exports"
  sqs_managed_sse_enabled = false
}

resource "aws_sqs_queue" "invoices" {
  name                              = "invoice-events"
  kms_master_key_id                 = aws_kms_key.data.arn
  kms_data_key_reuse_period_seconds = 600
}

resource "aws_kinesis_stream" "clicks" {
  name        = "clickstream"
  shard_count = 1
}

resource "aws_kinesis_stream" "audit" {
  name            = "audit-trail"
  shard_count     = 2
  encryption_type = "KMS"
  kms_key_id      = aws_kms_key.data.arn
}

resource "aws_emr_security_configuration" "batch" {
  name = "batch-at-rest"
  configuration = jsonencode({
    EncryptionConfiguration = {
      EnableInTransitEncryption = false
      EnableAtRestEncryption    = true
      AtRestEncryptionConfiguration = {
        S3EncryptionConfiguration = { EncryptionMode = "SSE-S3" }
        LocalDiskEncryptionConfiguration = {
          EncryptionKeyProviderType = "AwsKms"
          AwsKmsKey                 = "arn:aws:kms:us-east-1:111122223333:alias/emr"
        }
      }
    }
  })
}

resource "aws_opensearch_domain" "search" {
  domain_name    = "catalog-search"
  engine_version = "OpenSearch_2.11"
  cluster_config {
    instance_type  = "r6g.large.search"
    instance_count = 2
  }
  ebs_options {
    ebs_enabled = true
    volume_size = 20
  }
  encrypt_at_rest {
    enabled = true
  }
  node_to_node_encryption {
    enabled = true
  }
  domain_endpoint_options {
    enforce_https       = true
    tls_security_policy = "Policy-Min-TLS-1-2-2019-07"
  }
}

resource "aws_elasticsearch_domain" "legacy" {
  domain_name           = "legacy-logs"
  elasticsearch_version = "7.10"
  ebs_options {
    ebs_enabled = true
    volume_size = 10
  }
}

resource "aws_backup_vault" "primary" {
  name        = "primary-vault"
  kms_key_arn = aws_kms_key.data.arn
}

resource "aws_api_gateway_rest_api" "public" {
  name = "public-api"
}

resource "aws_api_gateway_deployment" "public" {
  rest_api_id = aws_api_gateway_rest_api.public.id
  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_api_gateway_stage" "live" {
  rest_api_id           = aws_api_gateway_rest_api.public.id
  deployment_id         = aws_api_gateway_deployment.public.id
  stage_name            = "live"
  cache_cluster_enabled = true
  cache_cluster_size    = "0.5"
}

resource "aws_api_gateway_method_settings" "live_all" {
  rest_api_id = aws_api_gateway_rest_api.public.id
  stage_name  = aws_api_gateway_stage.live.stage_name
  method_path = "*/*"
  settings {
    caching_enabled      = true
    cache_ttl_in_seconds = 60
  }
}

resource "aws_codebuild_report_group" "tests" {
  name = "unit-tests"
  type = "TEST"
  export_config {
    type = "S3"
    s3_destination {
      bucket              = "example-build-reports"
      encryption_disabled = false
      encryption_key      = aws_kms_key.data.arn
      packaging           = "NONE"
    }
  }
}

resource "aws_lb_target_group" "web" {
  name     = "web"
  port     = 80
  protocol = "HTTP"
  vpc_id   = "vpc-0123456789abcdef0"
}

resource "aws_lb_target_group" "api" {
  name     = "api"
  port     = 443
  protocol = "HTTPS"
  vpc_id   = "vpc-0123456789abcdef0"
  health_check {
    protocol = "HTTPS"
    path     = "/health"
  }
}

resource "aws_glue_ml_transform" "dedup" {
  name     = "contacts-dedup"
  role_arn = "arn:aws:iam::111122223333:role/glue-ml-transform"
  input_record_tables {
    database_name = "crm"
    table_name    = "contacts"
  }
  parameters {
    transform_type = "FIND_MATCHES"
    find_matches_parameters {
      primary_key_column_name = "contact_id"
    }
  }
}
