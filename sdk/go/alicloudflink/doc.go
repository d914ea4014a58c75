// Custom connectors of Alibaba Cloud Realtime Compute for Apache Flink (Ververica), from the JARs that register them.
package alicloudflink
