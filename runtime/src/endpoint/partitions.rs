//! `aws.partition`: the AWS partitions table, compiled in.
//!
//! Written from the published partition facts (the `partitions.json` the AWS
//! SDKs ship, Apache-2.0); `tests/partitions_botocore.rs` compares it field by
//! field with botocore's copy and lists the intended differences.

use std::borrow::Cow;

use super::value::Value;
use crate::validate::Pattern;

/// One partition: a group of regions sharing DNS suffixes and capabilities.
#[derive(Debug)]
pub struct Partition {
    /// The partition id, e.g. `aws-us-gov`.
    pub id: &'static str,
    /// Regions not listed in `regions` belong here when they match this
    /// (java.util.regex syntax, as published).
    pub region_regex: Pattern,
    /// The regions the partition lists, with any per-region overrides.
    pub regions: &'static [Region],
    /// What `aws.partition` returns for the partition's regions.
    pub outputs: Outputs,
}

/// A listed region and what it overrides of its partition's outputs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Region {
    /// The region name, e.g. `us-east-1`.
    pub name: &'static str,
    /// Overrides `dnsSuffix`.
    pub dns_suffix: Option<&'static str>,
    /// Overrides `dualStackDnsSuffix`.
    pub dual_stack_dns_suffix: Option<&'static str>,
    /// Overrides `supportsFIPS`.
    pub supports_fips: Option<bool>,
    /// Overrides `supportsDualStack`.
    pub supports_dual_stack: Option<bool>,
}

/// A listed region without overrides (every region in today's table).
const fn r(name: &'static str) -> Region {
    Region { name, dns_suffix: None, dual_stack_dns_suffix: None, supports_fips: None, supports_dual_stack: None }
}

/// The fields of an `aws.partition` result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Outputs {
    /// The partition id (`name` in rule sets).
    pub name: &'static str,
    /// e.g. `amazonaws.com`.
    pub dns_suffix: &'static str,
    /// e.g. `api.aws`.
    pub dual_stack_dns_suffix: &'static str,
    /// Whether FIPS endpoints exist.
    pub supports_fips: bool,
    /// Whether dual-stack endpoints exist.
    pub supports_dual_stack: bool,
    /// The region global endpoints are signed for.
    pub implicit_global_region: &'static str,
}

impl Outputs {
    /// `self` with a listed region's overrides applied.
    fn with(self, region: &Region) -> Outputs {
        Outputs {
            dns_suffix: region.dns_suffix.unwrap_or(self.dns_suffix),
            dual_stack_dns_suffix: region.dual_stack_dns_suffix.unwrap_or(self.dual_stack_dns_suffix),
            supports_fips: region.supports_fips.unwrap_or(self.supports_fips),
            supports_dual_stack: region.supports_dual_stack.unwrap_or(self.supports_dual_stack),
            ..self
        }
    }

    /// The record rule sets read with `getAttr`.
    pub(crate) fn to_value(self) -> Value {
        let s = |v: &'static str| Value::String(Cow::Borrowed(v));
        Value::Record(vec![
            ("name", s(self.name)),
            ("dnsSuffix", s(self.dns_suffix)),
            ("dualStackDnsSuffix", s(self.dual_stack_dns_suffix)),
            ("supportsFIPS", Value::Bool(self.supports_fips)),
            ("supportsDualStack", Value::Bool(self.supports_dual_stack)),
            ("implicitGlobalRegion", s(self.implicit_global_region)),
        ])
    }
}

/// `aws.partition(region)`: the partition that lists `region`, else the
/// first whose `regionRegex` matches it, else `aws`.
pub fn partition(region: &str) -> Outputs {
    for p in &PARTITIONS {
        if let Some(listed) = p.regions.iter().find(|r| r.name == region) {
            return p.outputs.with(listed);
        }
    }
    PARTITIONS.iter().find(|p| p.region_regex.is_match(region)).unwrap_or(&PARTITIONS[0]).outputs
}

/// The table, `aws` first (the fallback).
pub static PARTITIONS: [Partition; 8] = [
    Partition {
        id: "aws",
        region_regex: Pattern::new(r"^(us|eu|ap|sa|ca|me|af|il|mx)\-\w+\-\d+$"),
        regions: &[
            r("af-south-1"),
            r("ap-east-1"),
            r("ap-east-2"),
            r("ap-northeast-1"),
            r("ap-northeast-2"),
            r("ap-northeast-3"),
            r("ap-south-1"),
            r("ap-south-2"),
            r("ap-southeast-1"),
            r("ap-southeast-2"),
            r("ap-southeast-3"),
            r("ap-southeast-4"),
            r("ap-southeast-5"),
            r("ap-southeast-6"),
            r("ap-southeast-7"),
            r("aws-global"),
            r("ca-central-1"),
            r("ca-west-1"),
            r("eu-central-1"),
            r("eu-central-2"),
            r("eu-north-1"),
            r("eu-south-1"),
            r("eu-south-2"),
            r("eu-west-1"),
            r("eu-west-2"),
            r("eu-west-3"),
            r("il-central-1"),
            r("me-central-1"),
            r("me-south-1"),
            r("me-west-1"),
            r("mx-central-1"),
            r("sa-east-1"),
            r("sa-west-1"),
            r("us-east-1"),
            r("us-east-2"),
            r("us-west-1"),
            r("us-west-2"),
        ],
        outputs: Outputs {
            name: "aws",
            dns_suffix: "amazonaws.com",
            dual_stack_dns_suffix: "api.aws",
            supports_fips: true,
            supports_dual_stack: true,
            implicit_global_region: "us-east-1",
        },
    },
    Partition {
        id: "aws-cn",
        region_regex: Pattern::new(r"^cn\-\w+\-\d+$"),
        regions: &[r("aws-cn-global"), r("cn-north-1"), r("cn-northwest-1")],
        outputs: Outputs {
            name: "aws-cn",
            dns_suffix: "amazonaws.com.cn",
            dual_stack_dns_suffix: "api.amazonwebservices.com.cn",
            supports_fips: true,
            supports_dual_stack: true,
            implicit_global_region: "cn-northwest-1",
        },
    },
    Partition {
        id: "aws-us-gov",
        region_regex: Pattern::new(r"^us\-gov\-\w+\-\d+$"),
        regions: &[r("aws-us-gov-global"), r("us-gov-east-1"), r("us-gov-west-1")],
        outputs: Outputs {
            name: "aws-us-gov",
            dns_suffix: "amazonaws.com",
            dual_stack_dns_suffix: "api.aws",
            supports_fips: true,
            supports_dual_stack: true,
            implicit_global_region: "us-gov-west-1",
        },
    },
    Partition {
        id: "aws-iso",
        region_regex: Pattern::new(r"^us\-iso\-\w+\-\d+$"),
        regions: &[r("aws-iso-global"), r("us-iso-east-1"), r("us-iso-west-1")],
        outputs: Outputs {
            name: "aws-iso",
            dns_suffix: "c2s.ic.gov",
            dual_stack_dns_suffix: "api.aws.ic.gov",
            supports_fips: true,
            supports_dual_stack: true,
            implicit_global_region: "us-iso-east-1",
        },
    },
    Partition {
        id: "aws-iso-b",
        region_regex: Pattern::new(r"^us\-isob\-\w+\-\d+$"),
        regions: &[r("aws-iso-b-global"), r("us-isob-east-1"), r("us-isob-west-1")],
        outputs: Outputs {
            name: "aws-iso-b",
            dns_suffix: "sc2s.sgov.gov",
            dual_stack_dns_suffix: "api.aws.scloud",
            supports_fips: true,
            supports_dual_stack: true,
            implicit_global_region: "us-isob-east-1",
        },
    },
    Partition {
        id: "aws-iso-e",
        region_regex: Pattern::new(r"^eu\-isoe\-\w+\-\d+$"),
        regions: &[r("aws-iso-e-global"), r("eu-isoe-west-1")],
        outputs: Outputs {
            name: "aws-iso-e",
            dns_suffix: "cloud.adc-e.uk",
            dual_stack_dns_suffix: "api.cloud-aws.adc-e.uk",
            supports_fips: true,
            supports_dual_stack: true,
            implicit_global_region: "eu-isoe-west-1",
        },
    },
    Partition {
        id: "aws-iso-f",
        region_regex: Pattern::new(r"^us\-isof\-\w+\-\d+$"),
        regions: &[r("aws-iso-f-global"), r("us-isof-east-1"), r("us-isof-south-1")],
        outputs: Outputs {
            name: "aws-iso-f",
            dns_suffix: "csp.hci.ic.gov",
            dual_stack_dns_suffix: "api.aws.hci.ic.gov",
            supports_fips: true,
            supports_dual_stack: true,
            implicit_global_region: "us-isof-south-1",
        },
    },
    Partition {
        id: "aws-eusc",
        region_regex: Pattern::new(r"^eusc\-(de)\-\w+\-\d+$"),
        regions: &[r("eusc-de-east-1")],
        outputs: Outputs {
            name: "aws-eusc",
            dns_suffix: "amazonaws.eu",
            dual_stack_dns_suffix: "api.amazonwebservices.eu",
            supports_fips: true,
            supports_dual_stack: true,
            implicit_global_region: "eusc-de-east-1",
        },
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listed_regions_then_regex_then_aws() {
        assert_eq!(partition("us-east-1").name, "aws");
        assert_eq!(partition("aws-global").name, "aws", "listed, though the regex does not match");
        assert_eq!(partition("cn-north-1").dns_suffix, "amazonaws.com.cn");
        assert_eq!(partition("us-gov-west-1").name, "aws-us-gov");
        assert_eq!(partition("us-gov-east-9").name, "aws-us-gov", "by regex");
        assert_eq!(partition("us-isob-east-1").dns_suffix, "sc2s.sgov.gov");
        assert_eq!(partition("eusc-de-east-1").dns_suffix, "amazonaws.eu");
        assert_eq!(partition("eu-isoe-west-1").name, "aws-iso-e");
        assert_eq!(partition("us-isof-south-1").name, "aws-iso-f");
        assert_eq!(partition("ap-moon-7").name, "aws", "by regex");
        assert_eq!(partition("mars-east-1").name, "aws", "nothing matches: the default");
        assert_eq!(partition("").name, "aws");
    }

    #[test]
    fn overrides_replace_only_what_they_name() {
        let base = PARTITIONS[0].outputs;
        let region = Region { dns_suffix: Some("example.net"), supports_dual_stack: Some(false), ..r("x-1") };
        let out = base.with(&region);
        assert_eq!((out.dns_suffix, out.supports_dual_stack), ("example.net", false));
        assert_eq!(
            (out.dual_stack_dns_suffix, out.supports_fips, out.name),
            (base.dual_stack_dns_suffix, base.supports_fips, "aws")
        );
    }

    #[test]
    fn every_region_regex_compiles() {
        for p in &PARTITIONS {
            assert_eq!(p.region_regex.compile_error(), None, "{}", p.id);
        }
    }
}
